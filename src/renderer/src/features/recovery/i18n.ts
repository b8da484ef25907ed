import type { FeatureMessages } from '../../i18n/types';

export const recoveryMessages: FeatureMessages = {
  en: {
    title: 'The shop file is damaged',
    explain:
      'Patron checked the shop file at start and found damage (a failing disk or a power cut can do this). Nothing has been written to it. Restore a backup to carry on; the damaged file is kept aside, never deleted.',
    detail: 'What the check found',
    newest: 'Newest good backup: {{when}}',
    restoreNewest: 'Restore the newest good backup',
    others: 'Older backups',
    restoreThis: 'Restore this one',
    notChecked: 'checked when chosen',
    checked: 'checked just now',
    none: 'No usable backup was found in the backup folder. Do not delete the shop file: keep it and ask for help.',
    restoring: 'Restoring…',
    restored: 'Restored {{name}}. The damaged file was kept as {{aside}}.',
  },
  'zh-CN': {
    title: '店铺数据文件已损坏',
    explain:
      '知客在启动时检查数据文件，发现已损坏（硬盘故障或突然断电都可能造成）。知客没有向它写入任何内容。请恢复一份备份后继续；损坏的文件会保留在旁边，绝不删除。',
    detail: '检查结果',
    newest: '最新的完好备份：{{when}}',
    restoreNewest: '恢复最新的完好备份',
    others: '更早的备份',
    restoreThis: '恢复这一份',
    notChecked: '选中时检查',
    checked: '刚刚检查通过',
    none: '备份文件夹中没有可用的备份。请不要删除数据文件，保留它并寻求帮助。',
    restoring: '正在恢复…',
    restored: '已恢复 {{name}}。损坏的文件保留为 {{aside}}。',
  },
};
