//! Background work for the tabs, one kind for all of them, after gitui's
//! `AsyncSingleJob`. A job's work runs on a thread of its own (git2 repositories
//! are not shared between threads, so the work opens its own store); at most one
//! run is pending — starting again cancels the run under way, which stops at its
//! next [`Reporter::send`], and the new run begins as soon as the thread is free;
//! what a run sends waits in the job until the tab takes it, and each send wakes
//! the event loop over its channel, so nothing polls for results.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::events::Waker;

type Work<T> = Box<dyn FnOnce(&Reporter<T>) + Send>;

/// A tab's background work: at most one pending run.
pub struct Job<T> {
    name: &'static str,
    shared: Arc<Shared<T>>,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    waker: Waker,
}

struct State<T> {
    /// The current run's number; a run with an older number was cancelled.
    run: u64,
    /// A thread is working (on the current run or one cancelled and finishing).
    busy: bool,
    /// The run to do when the thread is free: only the newest asked for.
    next: Option<(u64, Work<T>)>,
    /// What the current run sent and the tab has not taken yet.
    output: Vec<T>,
    /// The current run has finished; the tab has not been told yet.
    finished: bool,
}

/// What arrived since the last [`Job::take`].
pub struct Taken<T> {
    /// What the run sent, in order.
    pub items: Vec<T>,
    /// The run has ended (said once per run, with its last items).
    pub finished: bool,
}

/// The work's handle for sending results.
pub struct Reporter<T> {
    shared: Arc<Shared<T>>,
    run: u64,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panic while the lock is held leaves plain data behind: still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T: Send + 'static> Job<T> {
    /// A job that has not run; `name` names its thread.
    pub fn new(name: &'static str, waker: Waker) -> Job<T> {
        Job {
            name,
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    run: 0,
                    busy: false,
                    next: None,
                    output: Vec::new(),
                    finished: false,
                }),
                waker,
            }),
        }
    }

    /// Starts `work`, cancelling the run under way (its results are never seen).
    pub fn start(
        &mut self,
        work: impl FnOnce(&Reporter<T>) + Send + 'static,
    ) -> std::io::Result<()> {
        let mut state = self.shared.lock();
        state.run += 1;
        state.output.clear();
        state.finished = false;
        let run = state.run;
        if state.busy {
            state.next = Some((run, Box::new(work)));
            return Ok(());
        }
        state.busy = true;
        drop(state);
        let shared = Arc::clone(&self.shared);
        let spawned = std::thread::Builder::new()
            .name(format!("dsw-{}", self.name))
            .spawn(move || work_loop(&shared, run, Box::new(work)));
        if let Err(error) = spawned {
            self.shared.lock().busy = false;
            return Err(error);
        }
        Ok(())
    }

    /// What the current run sent since the last call, and whether it has ended.
    pub fn take(&mut self) -> Taken<T> {
        let mut state = self.shared.lock();
        let items = std::mem::take(&mut state.output);
        let finished = std::mem::take(&mut state.finished);
        Taken { items, finished }
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        // Nobody will take the results: the thread stops at its next send.
        let mut state = self.shared.lock();
        state.run += 1;
        state.next = None;
    }
}

/// Runs `work`, then whatever run was asked for meanwhile, until there is none.
fn work_loop<T>(shared: &Arc<Shared<T>>, mut run: u64, mut work: Work<T>) {
    loop {
        let reporter = Reporter {
            shared: Arc::clone(shared),
            run,
        };
        // A panic in the work ends the run like a return does: the tab hears that
        // it finished (without the results it expected) instead of waiting forever.
        let _ = catch_unwind(AssertUnwindSafe(|| work(&reporter)));
        let mut state = shared.lock();
        if state.run == run {
            state.finished = true;
            drop(state);
            shared.waker.wake();
            state = shared.lock();
        }
        match state.next.take() {
            Some((next_run, next_work)) => {
                run = next_run;
                work = next_work;
            }
            None => {
                state.busy = false;
                return;
            }
        }
    }
}

impl<T> Reporter<T> {
    /// Hands `item` to the tab; false once the run is cancelled (stop working).
    pub fn send(&self, item: T) -> bool {
        let mut state = self.shared.lock();
        if state.run != self.run {
            return false;
        }
        state.output.push(item);
        drop(state);
        self.shared.waker.wake();
        true
    }

    /// Whether the run was cancelled (long work checks between steps).
    pub fn cancelled(&self) -> bool {
        self.shared.lock().run != self.run
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::tui::events::{Inbox, Message, Wait};

    /// Takes from `job` until its run ends, each wake arriving over the inbox.
    fn finish<T: Send + 'static>(job: &mut Job<T>, inbox: &Inbox) -> Vec<T> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut items = Vec::new();
        loop {
            match inbox.wait(Some(deadline)) {
                Wait::Message(Message::Background) => {}
                other => panic!("no wake before the deadline: {other:?}"),
            }
            let taken = job.take();
            items.extend(taken.items);
            if taken.finished {
                return items;
            }
        }
    }

    #[test]
    fn results_arrive_with_a_wake_and_a_restart_cancels_the_old_run() {
        let inbox = Inbox::default();
        let mut job: Job<u32> = Job::new("test", inbox.waker());
        job.start(|reporter| {
            for n in 0..3 {
                reporter.send(n);
            }
        })
        .unwrap();
        assert_eq!(finish(&mut job, &inbox), [0, 1, 2]);
        let taken = job.take();
        assert!(taken.items.is_empty() && !taken.finished, "said once");

        // A run blocked mid-way is cancelled by the next start: its later sends
        // are refused and only the new run's results are seen.
        let (release, blocked) = mpsc::channel::<()>();
        let (told, cancelled) = mpsc::channel();
        job.start(move |reporter| {
            reporter.send(10);
            let _ = blocked.recv();
            let _ = told.send(!reporter.send(11));
        })
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while job.take().items != [10] {
            assert!(Instant::now() < deadline, "the run never started");
            std::thread::sleep(Duration::from_millis(1));
        }
        job.start(|reporter| {
            reporter.send(20);
        })
        .unwrap();
        release.send(()).unwrap();
        assert_eq!(finish(&mut job, &inbox), [20]);
        assert_eq!(cancelled.recv(), Ok(true));
    }

    #[test]
    fn a_panicking_run_still_finishes() {
        let inbox = Inbox::default();
        let mut job: Job<u32> = Job::new("test", inbox.waker());
        job.start(|_| panic!("deliberately")).unwrap();
        assert!(finish(&mut job, &inbox).is_empty());
    }
}
