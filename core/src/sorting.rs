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
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i].take()));
}

/// Sorts `v` in its natural order.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
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
        for n in [0usize, 1, 2, 3, 5, 8, 17, 100, 1000] {
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
        }
    }
}
