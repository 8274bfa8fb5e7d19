/**
 * How long the upgrade will take, said before it starts, from the store file's
 * size. Measured (docs/benchmarks.md, Migration): the whole upgrade of the 600
 * MB large store, backup included, takes 7.2-7.5 s on the development machine,
 * about 80 MB/s. A till is slower (an older disk, a busy antivirus): the
 * estimate assumes 20 MB/s, a quarter of that, and at least 15 s, so staff are
 * told a little more than they wait, never less.
 */
export const ASSUMED_BYTES_PER_SECOND = 20 * 1024 * 1024;
export const MIN_ESTIMATE_MS = 15_000;

export function estimateUpgradeMs(sizeBytes: number): number {
  return Math.max(MIN_ESTIMATE_MS, Math.ceil((sizeBytes / ASSUMED_BYTES_PER_SECOND) * 1000));
}
