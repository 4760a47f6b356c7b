// What a front-end developer writes to use ClaimLens from npm with a
// bundler (esbuild here). tests/npm/package.test.mjs type-checks this file
// with `tsc --noEmit` (strict, moduleResolution "bundler"), bundles it, opens
// the page in Chromium and reads `window.__npmUsage`, which it fills in.
//
// The `@ts-expect-error` lines prove the types are not `any`: each is an
// error only while the declaration is precise, and tsc fails on a directive
// that has no error under it.
import init, {
  start,
  ClaimLensEngine,
  type ClaimLens,
  type ClaimInfo,
  type ClaimMatch,
  type ClaimLensError,
  type LoadResult,
  type OpenDetail,
  type ReadyDetail,
  type SettledDetail,
  type StartOptions,
  type Verdict,
} from 'claimlens';
// The wasm, through the package's `exports` entry and esbuild's `file`
// loader: esbuild copies it to the output with a content hash and this is
// its public URL (see wasm.d.ts).
import wasmUrl from 'claimlens/claimlens_web_bg.wasm';

const CLAIM = 'Since the Singapore summit, the regime has built another estimated six nuclear weapons';

// One record in the schema.org ClaimReview shape, loaded at run time.
const EXTRA = [{
  '@type': 'ClaimReview',
  id: 'harbour-ferry',
  url: 'https://factcheck.example/ferry',
  datePublished: '2026-09-12',
  author: { '@type': 'Organization', name: 'Example Fact Desk' },
  claimReviewed: 'The town ferry carried a record 41,000 passengers in August.',
  reviewRating: { '@type': 'Rating', ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly accurate' },
  context: 'The port authority counts 40,870 passengers in August, the most for any month since 1998.',
  sources: [{ title: 'August traffic report', publisher: 'Port Authority', url: 'https://port.example/2026-08', date: '2026-09-01' }],
}];

// Every key of each declared shape, checked against what the code returns:
// `Record<keyof T, true>` makes tsc reject a missing or an unknown key here.
const MATCH_KEYS: Record<keyof ClaimMatch, true> = {
  id: true, quote: true, claimReviewed: true, verdict: true, verdictLabel: true, context: true,
  sources: true, kind: true, reviewedBy: true, reviewDate: true, reviewUrl: true, score: true,
};
const LOAD_KEYS: Record<keyof LoadResult, true> = { loaded: true, skipped: true, total: true };
const READY_KEYS: Record<keyof ReadyDetail, true> = { claims: true };
const OPEN_KEYS: Record<keyof OpenDetail, true> = { id: true, score: true, text: true, more: true };
const SETTLED_KEYS: Record<keyof SettledDetail, true> = { text: true, id: true };
const VERDICTS: Record<Verdict, true> = {
  Accurate: true, 'Mostly accurate': true, 'Needs context': true, Disputed: true,
  Inaccurate: true, Unverifiable: true, Opinion: true,
};

/** Keys the declaration has and the value lacks, and the reverse. */
function shape(value: object, declared: Record<string, true>): { missing: string[]; extra: string[] } {
  const keys = Object.keys(declared);
  return {
    missing: keys.filter((k) => !(k in value)),
    extra: Object.keys(value).filter((k) => !keys.includes(k)),
  };
}

function isClaimLensError(e: unknown): e is ClaimLensError {
  return e instanceof Error && e.name === 'ClaimLensError';
}

/** Narrowing on the error code: exhaustive, so a new code is a type error. */
function advice(code: ClaimLensError['code']): 'fix the database' | 'fix the call' {
  switch (code) {
    case 'invalid-json':
    case 'wrong-shape':
    case 'too-large':
    case 'unreachable':
    case 'no-usable-claims':
      return 'fix the database';
    case 'bad-argument':
    case 'not-running':
    case 'disabled':
    case 'internal':
    case 'no-document':
      return 'fix the call';
    // @ts-expect-error -- not a ClaimLensErrorCode
    case 'timeout':
      return 'fix the call';
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

// Never called: each line is a type error while the declarations are precise.
export function typeErrors(lens: ClaimLens, engine: ClaimLensEngine) {
  // @ts-expect-error -- not a theme
  start({ root: 'article', theme: 'blue' });
  // @ts-expect-error -- `replace` is a boolean
  void lens.load('{}', { replace: 'yes' });
  // @ts-expect-error -- ClaimLensEngine.match takes a string
  engine.match(42);
  // @ts-expect-error -- `score` is a number
  const scoreText: string = lens.match('text')[0]!.score;
  // @ts-expect-error -- ClaimInfo (claims()) has no score; ClaimMatch does
  void lens.claims()[0]!.score;
  document.addEventListener('claimlens:open', (e) => {
    // @ts-expect-error -- OpenDetail has no `nope`
    void e.detail.nope;
  });
  document.addEventListener('claimlens:settled', (e) => {
    // @ts-expect-error -- `id` is null when no popover is open
    void e.detail.id.length;
  });
  document.addEventListener('claimlens:close', (e) => {
    // @ts-expect-error -- CloseDetail has only `id`
    void e.detail.score;
  });
  return scoreText;
}

const usage = {
  ready: [] as ReadyDetail[],
  open: [] as OpenDetail[],
  settled: [] as SettledDetail[],
  shapes: {} as Record<string, { missing: string[]; extra: string[] }>,
  done: false,
};
declare global {
  interface Window {
    __npmUsage: typeof usage;
  }
}
window.__npmUsage = usage;

// Typed through DocumentEventMap: `e` is CustomEvent<OpenDetail> and so on.
document.addEventListener('claimlens:ready', (e) => {
  const claims: number = e.detail.claims;
  usage.ready.push({ claims });
  usage.shapes.ready = shape(e.detail, READY_KEYS);
});
document.addEventListener('claimlens:open', (e) => {
  const id: string = e.detail.id;
  usage.open.push({ ...e.detail, id });
  usage.shapes.open = shape(e.detail, OPEN_KEYS);
});
document.addEventListener('claimlens:settled', (e) => {
  const id: string | null = e.detail.id;
  usage.settled.push({ text: e.detail.text, id });
  usage.shapes.settled = shape(e.detail, SETTLED_KEYS);
});

await init({ module_or_path: wasmUrl });

const options: StartOptions = { root: 'article', theme: 'light' };
const lens: ClaimLens = start(options);

const matches: ClaimMatch[] = lens.match(CLAIM);
const best = matches[0];
if (best) usage.shapes.match = shape(best, MATCH_KEYS);
const verdict: Verdict | undefined = best?.verdict;

const claims: ClaimInfo[] = lens.claims();

const loaded: LoadResult = await lens.load(JSON.stringify(EXTRA), { replace: false });
usage.shapes.load = shape(loaded, LOAD_KEYS);

let loadError: { code: ClaimLensError['code']; advice: string } | null = null;
try {
  await lens.load('{ this is not JSON', { replace: true });
} catch (e) {
  if (isClaimLensError(e)) loadError = { code: e.code, advice: advice(e.code) };
}

let matchError: ClaimLensError['code'] | null = null;
try {
  // A caller in plain JS can pass anything; the widget throws bad-argument.
  lens.match(42 as unknown as string);
} catch (e) {
  if (isClaimLensError(e)) matchError = e.code;
}

// The engine the extension uses, from the same package.
const engine = new ClaimLensEngine();
const engineMatches: ClaimMatch[] = engine.match(CLAIM);
engine.free();

const version: string | undefined = window.ClaimLens?.version;

Object.assign(usage, {
  version,
  sameObject: window.ClaimLens === lens,
  matchIds: matches.map((m) => m.id),
  verdict,
  verdictOnScale: matches.every((m) => m.verdict in VERDICTS),
  engineIds: engineMatches.map((m) => m.id),
  claimCount: claims.length,
  loaded,
  afterLoad: lens.claims().length,
  extraMatch: lens.match(EXTRA[0].claimReviewed)[0]?.id ?? null,
  loadError,
  matchError,
  done: true,
});
