//! The TypeScript description of everything the widget puts before a page
//! or a bundler: the shapes its calls take and return, its events, its
//! error codes, and the extension engine's. Written once, here; the
//! `.d.ts` that wasm-pack generates carries it, and the exported
//! functions' signatures refer to it through the extern types below.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** The verdict scale. Another publisher's own label is in `verdictLabel`. */
export type Verdict = "Accurate" | "Mostly accurate" | "Needs context" | "Disputed" | "Inaccurate" | "Unverifiable" | "Opinion";

/** One source behind a verdict. `url` is always http(s). */
export interface ClaimSource {
  title: string;
  publisher: string;
  url: string;
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `n.d.` when undated. */
  date: string;
}

/** A loaded claim (`ClaimLens.claims()`). */
export interface ClaimInfo {
  id: string;
  /** The claim verbatim as the article states it, when the review has one. */
  quote: string | null;
  claimReviewed: string;
  verdict: Verdict;
  verdictLabel: string;
  context: string;
  sources: ClaimSource[];
  kind: "statistic" | "event" | "attribution" | "opinion" | null;
  reviewedBy: string;
  reviewDate: string;
  reviewUrl: string | null;
}

/** A claim a text states (`ClaimLens.match()`), with its score in 0..1. */
export interface ClaimMatch extends ClaimInfo {
  score: number;
}

/** What `start()` reads (the script tag's `data-` attributes). */
export interface StartOptions {
  /** CSS selector: only selections inside it count. Default `body`. */
  root?: string;
  theme?: "light" | "dark" | "auto";
  /** URL of another claim database, loaded in addition to the bundled one. */
  claims?: string | null;
  /** `annotate` marks every claim on the page at start. */
  mode?: "select" | "annotate";
}

/** A database: JSON text, a parsed JSON-LD object, a URL, or a packed index (`claimlens pack`). */
export type DatabaseInput = string | object | Uint8Array | ArrayBuffer;

export interface LoadOptions {
  /** Replace the loaded claims instead of adding to them. */
  replace?: boolean;
}

export interface LoadResult {
  /** Claims taken from this database. */
  loaded: number;
  /** Records skipped (each named in the console). */
  skipped: number;
  /** Claims the widget now holds. */
  total: number;
}

export interface AnnotateResult {
  /** How many marks are on the page. */
  count: number;
  /** The claims marked, in page order. */
  ids: string[];
}

export type ClaimLensErrorCode =
  | "bad-argument" | "not-running" | "disabled" | "internal" | "no-document"
  | "invalid-json" | "wrong-shape" | "too-large" | "unreachable" | "no-usable-claims";

/** Every error ClaimLens throws or rejects with. */
export interface ClaimLensError extends Error {
  name: "ClaimLensError";
  code: ClaimLensErrorCode;
}

export interface ReadyDetail { claims: number; }
export interface OpenDetail { id: string; score: number; text: string; more: number; }
export interface CloseDetail { id: string; }
/** A selection was handled: `id` is the claim whose popover is open now, or null. */
export interface SettledDetail { text: string; id: string | null; }
/** A background load (page JSON-LD, `data-claims`) finished. */
export interface LoadedDetail extends LoadResult { source: string; }
/** A background load failed; the claims already loaded stay. */
export interface ErrorDetail { source: string; code: ClaimLensErrorCode; message: string; }

declare global {
  interface DocumentEventMap {
    "claimlens:ready": CustomEvent<ReadyDetail>;
    "claimlens:open": CustomEvent<OpenDetail>;
    "claimlens:close": CustomEvent<CloseDetail>;
    "claimlens:settled": CustomEvent<SettledDetail>;
    "claimlens:annotated": CustomEvent<AnnotateResult>;
    "claimlens:loaded": CustomEvent<LoadedDetail>;
    "claimlens:error": CustomEvent<ErrorDetail>;
  }
  interface Window {
    /** The running widget, once `claimlens:ready` has fired. */
    ClaimLens?: ClaimLens;
  }
}

/** A node of the popover's view tree (the extension renders it). */
export interface ViewNode {
  tag: string;
  attrs: [string, string][];
  text: string | null;
  children: ViewNode[];
}

/** The popover for a match, for the extension's content script. */
export interface PopoverView {
  id: string;
  score: number;
  more: number;
  view: ViewNode;
}

/** One claim found in a block of the page: [node index, UTF-16 offset] at each end. */
export interface EngineMark {
  block: number;
  id: string;
  start: [number, number];
  end: [number, number];
}

/** Every rule and constant a renderer and a page reader share with the widget. */
export interface EngineRules {
  tags: string[];
  attributes: string[];
  blocks: string;
  skip: string;
  editable: string;
  hostTag: string;
  hostLayout: [string, string][];
  css: string;
  highlightName: string;
  highlightCss: string;
  /** Put on each element holding marked text; `highlightCss` names it. */
  markedAttr: string;
  pageTopic: string;
  maxPageTopicChars: number;
  settleMs: number;
  releaseMs: number;
  moveEveryMs: number;
  rereadMs: number;
  /** The largest database accepted, in bytes. */
  maxDatabaseBytes: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// See `StartOptions` in the TypeScript section.
    #[wasm_bindgen(typescript_type = "StartOptions")]
    pub type StartOptions;
    /// See `LoadOptions`.
    #[wasm_bindgen(typescript_type = "LoadOptions")]
    pub type LoadOptions;
    /// See `DatabaseInput`.
    #[wasm_bindgen(typescript_type = "DatabaseInput")]
    pub type DatabaseInput;
    /// `ClaimMatch[]`.
    #[wasm_bindgen(typescript_type = "ClaimMatch[]")]
    pub type ClaimMatches;
    /// `ClaimInfo[]`.
    #[wasm_bindgen(typescript_type = "ClaimInfo[]")]
    pub type ClaimInfos;
    /// `Promise<LoadResult>`.
    #[wasm_bindgen(typescript_type = "Promise<LoadResult>")]
    pub type LoadPromise;
    /// `Promise<AnnotateResult>`.
    #[wasm_bindgen(typescript_type = "Promise<AnnotateResult>")]
    pub type AnnotatePromise;
    /// `LoadResult`.
    #[wasm_bindgen(typescript_type = "LoadResult")]
    pub type LoadResultValue;
    /// `PopoverView | null`.
    #[wasm_bindgen(typescript_type = "PopoverView | null")]
    pub type MaybePopover;
    /// `EngineMark[]`.
    #[wasm_bindgen(typescript_type = "EngineMark[]")]
    pub type EngineMarks;
    /// `EngineRules`.
    #[wasm_bindgen(typescript_type = "EngineRules")]
    pub type Rules;
    /// The blocks `ClaimLensEngine.annotate` reads: each the texts of its text nodes.
    #[wasm_bindgen(typescript_type = "string[][]")]
    pub type Blocks;
}
