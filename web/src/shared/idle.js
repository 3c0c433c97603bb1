// The page's idle flag: document.body.dataset.idle is "true" exactly when no
// compile or decision is scheduled or running. The end-to-end tests wait for
// it instead of for fixed times; the result panels are marked busy
// (aria-busy) while it is "false".
export class Activity {
  constructor(onChange) {
    this.pending = 0;
    this.onChange = onChange;
  }

  // Marks one piece of work as pending; returns the function that ends it (once).
  begin() {
    this.pending += 1;
    this.onChange(false);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending -= 1;
      if (this.pending === 0) this.onChange(true);
    };
  }

  // A function that runs `task` `delay` ms after its last call. The page is
  // busy from the first call until the task (which may be async) has ended.
  debounce(task, delay) {
    let timer = null;
    let end = null;
    return () => {
      clearTimeout(timer);
      end ??= this.begin();
      timer = setTimeout(async () => {
        const done = end;
        end = null;
        timer = null;
        try {
          await task();
        } finally {
          done();
        }
      }, delay);
    };
  }
}

// The activity of this page, shown on <body data-idle> and on the busy panels.
export function pageActivity(busyPanels = []) {
  return new Activity((idle) => {
    document.body.dataset.idle = String(idle);
    for (const el of busyPanels) el.setAttribute('aria-busy', String(!idle));
  });
}
