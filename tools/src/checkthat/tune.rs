//! How the ClaimLens ranker's parameters ([`RankParams::CHOSEN`]) were
//! chosen: on the **train** split only, by `claimlens rank --tune`, never on dev.
//!
//! ```sh
//! claimlens import-checkthat verified_claims.docs.tsv > db.json
//! claimlens rank db.json train/tweets.queries.tsv --tune train/tweet-vclaim-pairs.qrels
//! ```
//!
//! (`CHECKTHAT_TUNE=1 bash scripts/bench-checkthat.sh` runs exactly this
//! on the benchmark.) The procedure is coordinate ascent on train MAP@5
//! (the official measure, [`super::score::score_run`]):
//!
//! 1. start from [`START`]: the post as written, textbook BM25 (k1 1.2,
//!    b 0.75), the claim and title fields weighted equally, no alignment;
//! 2. for each parameter of [`DIMENSIONS`] in turn, score every value it
//!    may take with the others fixed, and move to the best one when it
//!    beats the current value by more than [`MIN_GAIN`] (0.001: fewer than
//!    two of 800 posts moving from rank 1 to rank 2; smaller gains are
//!    noise);
//! 3. repeat rounds until one changes nothing (at most [`MAX_ROUNDS`]).
//!
//! Every score is printed, so the choice can be checked. The archive is the
//! merged one (`import-checkthat` without `--keep-duplicates`), as shipped.
//!
//! On the benchmark (800 train posts) the ascent goes from MAP@5 0.8230 to
//! 0.8755 in three rounds; the fourth changes nothing. Its moves, in order:
//! links dropped (+0.003); the signature dropped with the author's name kept
//! (+0.020, undone in round 2 once repeats stop counting); hashtags split
//! (+0.001); k1 0.6, later 0.3; the combined claim-and-titles field added
//! (weight 0.5, later 2); each post term counted once (+0.009). The matcher's
//! alignment never helps (weight 0 stays best at every round), so the
//! shipped ranker does not build the matcher. [`RankParams::CHOSEN`] is the
//! ascent's end point.

use super::clean::{CleanOptions, Marked, Signature};
use super::rank::{combine, post_terms, ClaimLensRanker, RankParams, Ranker as _, FIELDS};
use super::score::{score_run, write_query};
use super::{read_run, Qrels, Query, DEPTH};
use crate::bm25;
use std::collections::HashMap;

/// Where the ascent starts.
pub const START: RankParams = RankParams {
    clean: CleanOptions::NONE,
    bm25: bm25::REFERENCE,
    fields: [1.0, 1.0, 0.0],
    repeats: true,
    align: 0.0,
};

/// The gain in MAP@5 a new value needs to replace the current one.
pub const MIN_GAIN: f64 = 0.001;
/// Rounds of the ascent at most.
pub const MAX_ROUNDS: usize = 4;

const K1: [f64; 8] = [0.1, 0.3, 0.6, 0.9, 1.2, 1.5, 2.0, 3.0];
const B: [f64; 6] = [0.0, 0.25, 0.5, 0.75, 0.9, 1.0];
const WEIGHT: [f64; 4] = [0.0, 0.5, 1.0, 2.0];
const ALIGN: [f64; 5] = [0.0, 0.1, 0.25, 0.5, 1.0];
const MARKS: [Marked; 4] = [Marked::Keep, Marked::Word, Marked::Split, Marked::Drop];
const SIGNATURES: [Signature; 3] = [Signature::Keep, Signature::KeepAuthor, Signature::Drop];

/// One parameter: its name, and every value it may take (label and the
/// parameters with it set) given the others.
pub type Dimension = (&'static str, fn(&RankParams) -> Vec<(String, RankParams)>);

/// The parameters the ascent sets, in order.
pub const DIMENSIONS: [Dimension; 12] = [
    ("clean.links", |p| bools(p, |p, v| p.clean.links = v)),
    ("clean.retweet", |p| bools(p, |p, v| p.clean.retweet = v)),
    ("clean.signature", |p| {
        values(
            p,
            &SIGNATURES,
            |p, &v| p.clean.signature = v,
            |v| format!("{v:?}"),
        )
    }),
    ("clean.hashtags", |p| {
        values(
            p,
            &MARKS,
            |p, &v| p.clean.hashtags = v,
            |v| format!("{v:?}"),
        )
    }),
    ("clean.mentions", |p| {
        values(
            p,
            &MARKS,
            |p, &v| p.clean.mentions = v,
            |v| format!("{v:?}"),
        )
    }),
    ("bm25.k1", |p| {
        values(p, &K1, |p, &v| p.bm25.k1 = v, |v| v.to_string())
    }),
    ("bm25.b", |p| {
        values(p, &B, |p, &v| p.bm25.b = v, |v| v.to_string())
    }),
    ("field.claim", |p| field(p, 0)),
    ("field.titles", |p| field(p, 1)),
    ("field.both", |p| field(p, 2)),
    ("repeats", |p| bools(p, |p, v| p.repeats = v)),
    ("align", |p| {
        values(p, &ALIGN, |p, &v| p.align = v, |v| v.to_string())
    }),
];

/// `p` with each of `vals` set by `set`, labelled by `label`.
fn values<T>(
    p: &RankParams,
    vals: &[T],
    set: impl Fn(&mut RankParams, &T),
    label: impl Fn(&T) -> String,
) -> Vec<(String, RankParams)> {
    vals.iter()
        .map(|v| {
            let mut q = *p;
            set(&mut q, v);
            (label(v), q)
        })
        .collect()
}

fn bools(p: &RankParams, set: impl Fn(&mut RankParams, bool)) -> Vec<(String, RankParams)> {
    values(p, &[false, true], |p, &v| set(p, v), |v| v.to_string())
}

/// The weights one field may take; a value that leaves every field at 0
/// is left out.
fn field(p: &RankParams, i: usize) -> Vec<(String, RankParams)> {
    values(p, &WEIGHT, |p, &v| p.fields[i] = v, |v| v.to_string())
        .into_iter()
        .filter(|(_, q)| q.fields.iter().any(|&w| w > 0.0))
        .collect()
}

/// Scores parameter settings on one split, caching what does not change
/// between them (the posts' terms, the matcher's candidates).
pub struct Evaluator<'a> {
    ranker: &'a ClaimLensRanker,
    queries: &'a [Query],
    qrels: &'a Qrels,
    terms: HashMap<(CleanOptions, bool), Vec<Vec<String>>>,
    aligned: HashMap<CleanOptions, Vec<Vec<(usize, f64)>>>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator of `ranker` (built with the matcher, for the `align`
    /// parameter) on the posts and their gold pairs.
    pub fn new(
        ranker: &'a ClaimLensRanker,
        queries: &'a [Query],
        qrels: &'a Qrels,
    ) -> Evaluator<'a> {
        Evaluator {
            ranker,
            queries,
            qrels,
            terms: HashMap::new(),
            aligned: HashMap::new(),
        }
    }

    /// MAP@5 of the ranker under `p`, by the official rules.
    pub fn map5(&mut self, p: &RankParams) -> f64 {
        let queries = self.queries;
        let terms = self.terms.entry((p.clean, p.repeats)).or_insert_with(|| {
            queries
                .iter()
                .map(|q| post_terms(&q.text, &p.clean, p.repeats))
                .collect()
        });
        let bm25: Vec<Vec<f64>> = terms
            .iter()
            .map(|t| self.ranker.bm25_scores(t, p))
            .collect();
        let aligned = if p.align != 0.0 {
            let ranker = self.ranker;
            self.aligned
                .entry(p.clean)
                .or_insert_with(|| {
                    queries
                        .iter()
                        .map(|q| ranker.aligned(&q.text, &p.clean))
                        .collect()
                })
                .clone()
        } else {
            vec![Vec::new(); queries.len()]
        };
        let ids = self.ranker.ids();
        let mut run = String::new();
        for ((q, b), a) in queries.iter().zip(&bm25).zip(aligned) {
            let ranked = combine(b, a.into_iter(), p.align)
                .into_iter()
                .map(|(c, s)| (ids[c].as_str(), s))
                .collect();
            write_query(&mut run, &q.id, ranked, DEPTH, "tune");
        }
        // The run is ours: it always reads back.
        read_run(&run).map_or(0.0, |rows| score_run(&rows, self.qrels).map5)
    }
}

/// Runs the coordinate ascent from `start` (see the module documentation),
/// reporting every score through `log`; returns the chosen parameters and
/// their MAP@5.
pub fn tune(
    eval: &mut Evaluator,
    start: RankParams,
    log: &mut dyn FnMut(String),
) -> (RankParams, f64) {
    let mut best = start;
    let mut best_map = eval.map5(&best);
    log(format!("start: MAP@5 {best_map:.4}  {}", describe(&best)));
    for round in 1..=MAX_ROUNDS {
        let mut changed = false;
        for (name, alternatives) in DIMENSIONS {
            let mut line = format!("round {round} {name:<16}");
            let mut pick: Option<(String, RankParams, f64)> = None;
            for (label, p) in alternatives(&best) {
                let map = if p == best { best_map } else { eval.map5(&p) };
                line.push_str(&format!(" {label} {map:.4} |"));
                if map > best_map + MIN_GAIN && pick.as_ref().is_none_or(|(_, _, m)| map > *m) {
                    pick = Some((label, p, map));
                }
            }
            if let Some((label, p, map)) = pick {
                line.push_str(&format!(" -> {label}"));
                best = p;
                best_map = map;
                changed = true;
            }
            log(line);
        }
        if !changed {
            break;
        }
    }
    log(format!("chosen: MAP@5 {best_map:.4}  {}", describe(&best)));
    (best, best_map)
}

/// The parameters on one line.
pub fn describe(p: &RankParams) -> String {
    let c = &p.clean;
    let fields: Vec<String> = FIELDS
        .iter()
        .zip(p.fields)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    format!(
        "clean(links {}, retweet {}, signature {:?}, hashtags {:?}, mentions {:?}) k1 {} b {} fields({}) repeats {} align {}",
        c.links,
        c.retweet,
        c.signature,
        c.hashtags,
        c.mentions,
        p.bm25.k1,
        p.bm25.b,
        fields.join(", "),
        p.repeats,
        p.align
    )
}
