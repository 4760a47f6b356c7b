//! Standard output, for every command: one policy for a write that fails.
//!
//! A reader that stops reading (`claimlens match --explain TEXT | head -3`)
//! ends the command quietly with status 0, as it ends `grep` or `cat`.
//! `println!` panicked there instead. Any other failure (a full disk
//! behind `claimlens pack db.json > db.clx`) is a clear message on
//! standard error and status 1, never a panic.

use std::io::{self, Write};
use std::process;

/// Writes a formatted line to standard output (see the module's notes).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::bytes(format!("{}\n", format_args!($($arg)*)).as_bytes())
    };
}

/// Writes bytes to standard output, whole, and flushes them; a failed
/// write ends the program as the module's notes say.
pub fn bytes(bytes: &[u8]) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        process::exit(stopped(&e));
    }
}

/// The exit status for a failed write to standard output, after saying
/// why when it is more than a reader that stopped reading.
fn stopped(e: &io::Error) -> i32 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return 0;
    }
    eprintln!("claimlens: cannot write the output: {e}");
    1
}
