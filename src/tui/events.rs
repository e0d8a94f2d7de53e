//! What wakes the event loop, all on one channel: terminal input, the terminal or
//! the session going away, and background work with something new to show (a tab's
//! job, the draft's worker, the presence thread). The loop sleeps on that channel
//! until a message or its next timer, so an idle workbench does no work at all.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

/// How often the terminal watchdog checks that `/dev/tty` is still there.
const TTY_PROBE: Duration = Duration::from_millis(500);

/// One thing for the event loop to look at.
#[derive(Debug)]
pub enum Message {
    /// A terminal event (key, paste, mouse, resize …).
    Input(Event),
    /// The terminal is gone or a signal asked dsw to stop: flush and leave.
    HungUp,
    /// Background work has something new; the app collects it all at once.
    Background,
}

/// What waiting on the channel gave.
#[derive(Debug)]
pub enum Wait {
    /// A message.
    Message(Message),
    /// The deadline passed first.
    Timer,
}

/// The receiving end, owned by the app.
pub struct Inbox {
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    /// A `Background` message is on its way and not yet received: later wakes
    /// need not send another.
    signalled: Arc<AtomicBool>,
}

impl Default for Inbox {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel();
        Inbox {
            sender,
            receiver,
            signalled: Arc::new(AtomicBool::new(false)),
        }
    }
}

impl Inbox {
    /// A sender for threads that deliver terminal input and hang-ups.
    pub fn sender(&self) -> Sender<Message> {
        self.sender.clone()
    }

    /// A waker for background work.
    pub fn waker(&self) -> Waker {
        Waker {
            sender: self.sender.clone(),
            signalled: Arc::clone(&self.signalled),
        }
    }

    /// The next message, waiting until `deadline` at the latest (forever without
    /// one). The inbox holds a sender itself, so the channel never closes.
    pub fn wait(&self, deadline: Option<Instant>) -> Wait {
        let received = match deadline {
            Some(at) => self
                .receiver
                .recv_timeout(at.saturating_duration_since(Instant::now())),
            None => self
                .receiver
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(message) => {
                if matches!(message, Message::Background) {
                    // Cleared before the app collects, so a wake during collecting
                    // sends a fresh message rather than being lost.
                    self.signalled.store(false, Ordering::Release);
                }
                Wait::Message(message)
            }
            Err(_) => Wait::Timer,
        }
    }
}

/// Wakes the event loop from a background thread. Wakes coalesce: while one is on
/// its way, more send nothing, so a chatty thread cannot flood the channel.
#[derive(Clone)]
pub struct Waker {
    sender: Sender<Message>,
    signalled: Arc<AtomicBool>,
}

impl Waker {
    /// Tells the loop to collect background results.
    pub fn wake(&self) {
        if !self.signalled.swap(true, Ordering::AcqRel) {
            let _ = self.sender.send(Message::Background);
        }
    }
}

/// A waker given after the fact: the draft's worker starts with the model, before
/// the workbench (and its channel) exists.
#[derive(Clone, Default)]
pub struct LateWaker(Arc<OnceLock<Waker>>);

impl LateWaker {
    /// Sets the waker (once; later calls are ignored).
    pub fn set(&self, waker: Waker) {
        let _ = self.0.set(waker);
    }

    /// The waker, once set.
    pub fn get(&self) -> Option<Waker> {
        self.0.get().cloned()
    }

    /// Wakes the loop, once there is one.
    pub fn wake(&self) {
        if let Some(waker) = self.0.get() {
            waker.wake();
        }
    }
}

/// Reads terminal events on a thread of its own. crossterm 0.29 can spin inside
/// `poll`/`read` forever once the tty is gone (EIO), never returning; on its own
/// thread that cannot stop the workbench from noticing the hang-up, flushing the
/// draft and exiting.
pub fn spawn_input(sender: Sender<Message>) {
    std::thread::spawn(move || {
        loop {
            let (message, closed) = match event::read() {
                Ok(event) => (Message::Input(event), false),
                Err(_) => (Message::HungUp, true),
            };
            if sender.send(message).is_err() || closed {
                return;
            }
        }
    });
}

/// Says `HungUp` once `/dev/tty` can no longer be opened: after an SSH connection
/// drops, the input thread may never hear of it (see [`spawn_input`]).
pub fn watch_terminal(sender: Sender<Message>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(TTY_PROBE);
            let alive = std::fs::OpenOptions::new()
                .read(true)
                .open("/dev/tty")
                .is_ok();
            if !alive {
                let _ = sender.send(Message::HungUp);
                return;
            }
        }
    });
}

/// Says `HungUp` on SIGHUP and SIGTERM (the flag `run` registered is set too).
pub fn watch_signals(sender: Sender<Message>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
    ])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = sender.send(Message::HungUp);
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wakes_coalesce_until_received_and_timers_fire() {
        let inbox = Inbox::default();
        let waker = inbox.waker();
        waker.wake();
        waker.wake();
        assert!(matches!(
            inbox.wait(Some(Instant::now())),
            Wait::Message(Message::Background)
        ));
        // The second wake was folded into the first.
        assert!(matches!(inbox.wait(Some(Instant::now())), Wait::Timer));
        waker.wake();
        assert!(matches!(
            inbox.wait(None),
            Wait::Message(Message::Background)
        ));
        let late = LateWaker::default();
        late.wake();
        late.set(inbox.waker());
        late.wake();
        assert!(matches!(
            inbox.wait(Some(Instant::now() + Duration::from_secs(5))),
            Wait::Message(Message::Background)
        ));
    }
}
