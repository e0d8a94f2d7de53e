//! The `dsw` binary: everything happens in the library; this only hands over the
//! arguments and returns the exit code.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    dsw::cli::main(std::env::args())
}
