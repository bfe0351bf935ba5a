//! Standard output that may close early: `cited claims | head -1` stops reading, and the next
//! write fails with a broken pipe. `println!` panics then; [`outln!`] ends the program quietly
//! instead, as a reader that has seen enough expects (ripgrep and the coreutils do the same).
//! Any other failure to write is said in words, and the program stops with status 1.

use std::io::Write;

/// Writes `args` to standard output, or exits: status 0 when the reader has gone (a broken
/// pipe), 1 for any other failure.
pub fn write(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_fmt(args) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!(
            "error: could not write to standard output: {}",
            cited_site::io_in_words(&err)
        );
        std::process::exit(1);
    }
}

/// `print!` that exits quietly when standard output is closed (see the module docs).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::stdout::write(format_args!($($arg)*))
    };
}

/// `println!` that exits quietly when standard output is closed (see the module docs).
macro_rules! outln {
    () => {
        $crate::stdout::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::stdout::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};
