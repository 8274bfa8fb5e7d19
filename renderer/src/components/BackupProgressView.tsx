import type { BackupProgress } from '../../../electron/ipc/contracts';
import { formatBytes } from '../format';
import { ProgressBar } from './ProgressBar';

const STAGE_WORDS: Record<BackupProgress['stage'], string> = {
  checkpoint: 'Preparing the database',
  copy: 'Copying the database',
  hash: 'Fingerprinting the copy',
  check: 'Checking the copy',
  manifest: 'Recording the backup',
  restore: 'Putting the backup in place',
  replace: 'Replacing the database',
  reopen: 'Reopening the database',
};

export const backupStageWords = (stage: BackupProgress['stage']): string => STAGE_WORDS[stage] ?? stage;

/** Live progress of a backup or a restore; fixed height so the page does not move as it updates. */
export function BackupProgressView({ progress, title }: { progress: BackupProgress | null; title: string }) {
  const fraction = progress && progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : null;
  return (
    <div className="job-progress" role="status" aria-live="polite">
      <p className="job-title">{title}</p>
      <ProgressBar fraction={fraction} label={title} />
      <p className="job-detail">
        {progress ? `${backupStageWords(progress.stage)} · ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}` : 'Starting…'}
      </p>
    </div>
  );
}
