//! One sort for the whole crate. The standard library's sorts are
//! compiled again for every element type and comparison (about 3 KB of
//! wasm each, a tenth of the widget's code with a dozen of them); here a
//! single merge sort orders positions through a comparison behind a
//! pointer, and only a small permutation step is generic.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in their order (like
/// `slice::sort_by`).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    merge_sort(&mut order, &|a, b| cmp(&v[a], &v[b]));
    permute(v, &order);
}

/// Lists up to this long are sorted in place, with no allocation: most
/// lists sorted in their natural order are a text's term ids.
const SHORT: usize = 24;

/// A stable insertion sort: an element moves left past strictly greater
/// ones only.
fn insertion_sort<T: Ord>(v: &mut [T]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j] < v[j - 1] {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Adds `more` to `v`, both sorted by `cmp`, in one linear pass: the
/// same order as appending and sorting stably (among equals, `v`'s come
/// first). Either list out of order falls back to that sort.
pub fn merge_sorted<T>(v: &mut Vec<T>, more: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let mid = v.len();
    v.extend(more);
    let mut order: Vec<usize> = (0..v.len()).collect();
    let by = |a: usize, b: usize| cmp(&v[a], &v[b]);
    if !merge_runs(&mut order, mid, &by) {
        merge_sort(&mut order, &by);
    }
    permute(v, &order);
}

/// Merges the sorted runs `order[..mid]` and `order[mid..]` (positions in
/// order); false, with `order` untouched, when a run is out of order.
fn merge_runs(order: &mut [usize], mid: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> bool {
    let n = order.len();
    let ascending = |from: usize, to: usize| (from + 1..to).all(|i| cmp(order[i - 1], order[i]) != Ordering::Greater);
    if !ascending(0, mid) || !ascending(mid, n) {
        return false;
    }
    let (mut i, mut j) = (0, mid);
    let mut merged = Vec::with_capacity(n);
    while i < mid && j < n {
        if cmp(order[j], order[i]) == Ordering::Less {
            merged.push(order[j]);
            j += 1;
        } else {
            merged.push(order[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&order[i..mid]);
    merged.extend_from_slice(&order[j..n]);
    order.copy_from_slice(&merged);
    true
}

/// Puts `v` in `order` (a permutation of its positions).
fn permute<T>(v: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i].take()));
}

/// Sorts `v` in its natural order.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    if v.len() <= SHORT {
        insertion_sort(v);
        return;
    }
    sort_by(v, T::cmp);
}

/// Sorts `v` by a key (like `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// A stable bottom-up merge sort of positions: runs of 1, 2, 4, … merged
/// through one buffer.
fn merge_sort(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    let n = order.len();
    let mut buffer = order.to_vec();
    let mut width = 1;
    let mut from_order = true;
    while width < n {
        let (src, dst): (&[usize], &mut [usize]) = if from_order {
            (&*order, &mut buffer)
        } else {
            (&buffer, &mut *order)
        };
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if cmp(src[j], src[i]) == Ordering::Less {
                    dst[k] = src[j];
                    j += 1;
                } else {
                    dst[k] = src[i];
                    i += 1;
                }
                k += 1;
            }
            dst[k..k + (mid - i)].copy_from_slice(&src[i..mid]);
            k += mid - i;
            dst[k..k + (end - j)].copy_from_slice(&src[j..end]);
            start = end;
        }
        from_order = !from_order;
        width *= 2;
    }
    if !from_order {
        order.copy_from_slice(&buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_stays_stable() {
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 5, 8, 17, 24, 25, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "n = {n}");
            let mut by_key = v;
            sort_by_key(&mut by_key, |p| std::cmp::Reverse(p.0));
            assert!(by_key.windows(2).all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
            // The natural order (in place up to SHORT, merged above it).
            let mut natural: Vec<u8> = std.iter().rev().map(|p| p.0).collect();
            sort(&mut natural);
            assert_eq!(natural, std.iter().map(|p| p.0).collect::<Vec<_>>(), "sort, n = {n}");
        }
    }

    /// Merging two sorted lists gives what appending and a stable sort
    /// give, and so does the fallback for a list out of order.
    #[test]
    fn merging_sorted_lists_is_appending_and_sorting() {
        let by_first = |a: &(u8, u8), b: &(u8, u8)| a.0.cmp(&b.0);
        type Run = Vec<(u8, u8)>;
        let cases: [(Run, Run); 4] = [
            (vec![(1, 0), (3, 0), (3, 1), (7, 0)], vec![(0, 2), (3, 2), (8, 2)]),
            (vec![], vec![(2, 2), (5, 2)]),
            (vec![(4, 0)], vec![]),
            (vec![(9, 0), (1, 0)], vec![(5, 2), (1, 2)]),
        ];
        for (v, more) in cases {
            let mut expected = v.clone();
            expected.extend(more.clone());
            expected.sort_by(by_first);
            let mut merged = v;
            merge_sorted(&mut merged, more, by_first);
            assert_eq!(merged, expected);
        }
    }
}
