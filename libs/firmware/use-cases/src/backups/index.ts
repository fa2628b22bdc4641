export {
  BACKUP_FILE_TYPES,
  FetchBackup,
  ListBackups,
  RequestBackup,
  RESTORE_FILE_TYPE,
  RestoreBackup,
  type BackupFileType,
} from './backups';
export type * from './ports';
export {
  CreateBackupPolicy,
  DeleteBackupPolicy,
  ListBackupPolicies,
  RunBackupPolicies,
  type RunBackupPoliciesPorts,
} from './backup-policies';
