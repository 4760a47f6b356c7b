//! Mapping engine offsets back to the page. A paragraph's text on a page
//! is split over many text nodes (links, emphasis, inline cards); the
//! engine sees their concatenation. [`Segments`] remembers where each node
//! starts in that concatenation, in UTF-16 code units as the DOM counts, and
//! turns an offset in the whole back into (node, offset in node).

/// The text nodes of one block, by their lengths in UTF-16 code units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    /// Start of each segment in the concatenation.
    starts: Vec<u32>,
    total: u32,
}

impl Segments {
    /// Segments of the given lengths, in order.
    pub fn new(lengths: impl IntoIterator<Item = u32>) -> Segments {
        let mut starts = Vec::new();
        let mut total = 0u32;
        for len in lengths {
            starts.push(total);
            total = total.saturating_add(len);
        }
        Segments { starts, total }
    }

    /// Total length in UTF-16 code units.
    pub fn len(&self) -> u32 {
        self.total
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Where a range *starting* at `offset` starts: the segment holding the
    /// code unit at `offset` (empty segments are skipped). `None` past the end.
    pub fn locate_start(&self, offset: u32) -> Option<(usize, u32)> {
        if offset >= self.total {
            return None;
        }
        // The last segment starting at or before `offset` that is not empty.
        let i = self.starts.partition_point(|&s| s <= offset) - 1;
        let i = (0..=i).rev().find(|&j| self.end_of(j) > offset)?;
        Some((i, offset - self.starts[i]))
    }

    /// Where a range *ending* at `offset` ends: the segment holding the code
    /// unit just before it, so a range never ends at the start of the next
    /// node. `None` for 0 or past the end.
    pub fn locate_end(&self, offset: u32) -> Option<(usize, u32)> {
        if offset == 0 || offset > self.total {
            return None;
        }
        let (i, at) = self.locate_start(offset - 1)?;
        Some((i, at + 1))
    }

    fn end_of(&self, i: usize) -> u32 {
        self.starts.get(i + 1).copied().unwrap_or(self.total)
    }
}

/// A claim found across several text nodes: where its mark starts and
/// ends, as (node index, UTF-16 offset in that node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeMark {
    /// Index of the claim in [`crate::matching::Matcher::claims`].
    pub claim: usize,
    pub start: (usize, u32),
    pub end: (usize, u32),
}

/// Annotates a block given as the texts of its nodes, in order, on a page
/// (see [`Matcher::page_context`](crate::matching::Matcher::page_context)),
/// and maps each mark back onto those nodes.
pub fn annotate_nodes<S: AsRef<str>>(
    matcher: &crate::matching::Matcher,
    texts: &[S],
    page: &crate::matching::PageContext,
) -> Vec<NodeMark> {
    let segments = Segments::new(
        texts
            .iter()
            .map(|t| t.as_ref().encode_utf16().count() as u32),
    );
    let whole: String = texts.iter().map(AsRef::as_ref).collect();
    matcher
        .annotate_on(&whole, page)
        .into_iter()
        .filter_map(|a| {
            let start = segments.locate_start(a.start)?;
            let end = segments.locate_end(a.end)?;
            Some(NodeMark {
                claim: a.claim,
                start,
                end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_into_nodes_and_skip_empty_ones() {
        // "ab" + "" + "cde" + "f"
        let s = Segments::new([2, 0, 3, 1]);
        assert_eq!(s.len(), 6);
        assert_eq!(s.locate_start(0), Some((0, 0)));
        assert_eq!(s.locate_start(2), Some((2, 0)), "not the empty node");
        assert_eq!(s.locate_start(5), Some((3, 0)));
        assert_eq!(s.locate_start(6), None);
        assert_eq!(s.locate_end(2), Some((0, 2)), "ends inside the node before");
        assert_eq!(s.locate_end(5), Some((2, 3)));
        assert_eq!(s.locate_end(6), Some((3, 1)));
        assert_eq!(s.locate_end(0), None);
        assert_eq!(s.locate_end(7), None);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_claim_split_over_nodes_maps_onto_them() {
        let matcher = crate::testdata::matcher();
        // As on a page: a link and an emoji split the sentence into nodes.
        let texts = [
            "Analysts: 😀 ",
            "Since the Singapore summit",
            ", the regime has built another estimated six nuclear weapons.",
        ];
        let marks = annotate_nodes(matcher, &texts, &Default::default());
        assert_eq!(marks.len(), 1);
        let m = marks[0];
        assert_eq!(matcher.claims()[m.claim].id, "six-more-nuclear-weapons");
        // Inside a sentence the mark starts at the first aligned word.
        assert_eq!(
            m.start,
            (1, "Since the ".len() as u32),
            "starts in the second node"
        );
        let last: Vec<u16> = texts[2].encode_utf16().collect();
        assert_eq!(m.end.0, 2);
        assert_eq!(
            String::from_utf16(&last[..m.end.1 as usize]).unwrap(),
            ", the regime has built another estimated six nuclear weapons"
        );
    }

    #[test]
    fn every_offset_round_trips() {
        let lengths = [3u32, 0, 0, 5, 1, 0, 4];
        let s = Segments::new(lengths);
        let starts: Vec<u32> = lengths
            .iter()
            .scan(0, |acc, &l| {
                let st = *acc;
                *acc += l;
                Some(st)
            })
            .collect();
        for off in 0..s.len() {
            let (i, at) = s.locate_start(off).unwrap();
            assert!(at < lengths[i]);
            assert_eq!(starts[i] + at, off);
            let (j, at) = s.locate_end(off + 1).unwrap();
            assert!(at >= 1 && at <= lengths[j]);
            assert_eq!(starts[j] + at, off + 1);
        }
    }
}
