//! Standard output for commands: buffered, and quiet when the reader goes away.

use std::io::{self, Write};

/// Where a command writes its results. Buffered, so big listings are one write; a
/// closed pipe (`| head`) ends the command quietly instead of panicking.
pub struct Out {
    inner: Box<dyn Write>,
}

impl Out {
    /// Standard output.
    pub fn stdout() -> Self {
        Out {
            inner: Box::new(io::BufWriter::new(io::stdout())),
        }
    }

    /// Any writer (tests capture output this way).
    pub fn new(writer: impl Write + 'static) -> Self {
        Out {
            inner: Box::new(writer),
        }
    }

    /// Flushes what is buffered.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        self.inner.flush()?;
        Ok(())
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether `error` is a write to a reader that went away: a closed pipe, or a
/// terminal that hung up (EIO) — there is no one left to tell.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    const EIO: i32 = 5;
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(EIO))
}

/// Whether to colour standard output: only on a terminal, never with `NO_COLOR`.
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}
