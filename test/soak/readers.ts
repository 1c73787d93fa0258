/** What the readers saw, by outcome. */
export interface ReadFigures {
  ok: number;
  /** 503 (a dependency down, with Retry-After): expected around a kill. */
  unavailable: number;
  /** Refused, reset or timed out: the instance was down. */
  failed: number;
  /** Any other status (a 500, a 4xx for a valid request): a defect. */
  unexpected: string[];
}

export interface ReadLoadOptions {
  targets: () => readonly string[];
  /** Items known to exist (acknowledged writes), with the seq that created them. */
  items: () => readonly { id: string; seq: number }[];
  readers: number;
  random: () => number;
  pauseMs?: number;
}

/** Readers looping over lists, searches, item reads, the activity timeline and the themes. */
export function startReadLoad(opts: ReadLoadOptions): {
  figures: ReadFigures;
  stop(): Promise<void>;
} {
  const figures: ReadFigures = { ok: 0, unavailable: 0, failed: 0, unexpected: [] };
  let stopping = false;
  const paths = [
    () => '/v1/practices?limit=20',
    () => '/v1/practices?q=fault&limit=20',
    () => '/v1/practices?theme=trafficking&limit=50',
    () => '/v1/activity?limit=20',
    () => '/v1/themes',
    () => {
      // a careful client reads its writes with minSeq (else a fresh write may not be there yet)
      const items = opts.items();
      const item = items[Math.floor(opts.random() * items.length)];
      return item ? `/v1/practices/${item.id}?minSeq=${item.seq}` : '/v1/participants';
    },
  ];
  const running = Array.from({ length: opts.readers }, async (_, r) => {
    for (let n = r; !stopping; n++) {
      const targets = opts.targets();
      const base = targets[n % Math.max(1, targets.length)];
      const path = paths[Math.floor(opts.random() * paths.length)]!();
      if (base) {
        try {
          const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          if (res.status === 200) figures.ok++;
          else if (res.status === 503) figures.unavailable++;
          else if (figures.unexpected.length < 50)
            figures.unexpected.push(`${path}: ${res.status}`);
        } catch {
          figures.failed++;
        }
      }
      await new Promise((r) => setTimeout(r, opts.pauseMs ?? 50));
    }
  });
  return {
    figures,
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}
