// Typed permissions 'action:entity:access', checked on the server and mirrored in the UI.
export const ROLES = ['admin', 'director', 'deputy', 'responsible', 'class_teacher', 'teacher', 'secretary', 'parent'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Администратор ЭЖ',
  director: 'Директор',
  deputy: 'Заместитель директора по УВР',
  responsible: 'Ответственный работник',
  class_teacher: 'Классный руководитель',
  teacher: 'Учитель-предметник',
  secretary: 'Секретарь',
  parent: 'Родитель (законный представитель)',
}

export type Permission =
  | 'read:school:any'
  | 'read:class:any'
  | 'read:class:own'
  | 'read:pupil:any'
  | 'read:pupil:own'
  | 'read:journal:any'
  | 'read:journal:own'
  | 'read:application:any'
  | 'read:application:own'
  | 'create:application:any'
  | 'process:application:any'
  | 'decide:application:any'
  | 'read:registration-log:any'
  | 'manage:school:any'
  | 'manage:users:any'
  | 'read:audit:any'
  // Положение 3.5, 4.6.3, 4.6.4: the deputy director (УВР) controls the keeping of the journal — the activity report
  // (teachers', parents' and pupils' activity, fill of marks, topics and homework) read-only, beside the director
  // and the ЭЖ administrator (4.1.6 monitoring).
  | 'read:journal-control:any'
  // Положение 4.3.8: a class teacher keeps the attendance and results of the class they lead — the journal reports
  // (attendance by month, сводная ведомость, lessons given against the curriculum) for their own class only (ADR 068).
  | 'read:journal-reports:own'
  // Положение 3.1, 4.3.7: e-diary credentials for parents — a class teacher for the class they lead (own), the ЭЖ
  // administrator for any class (Положение 4.1.7).
  | 'issue:credentials:own'
  | 'issue:credentials:any'
  // ADR 044: creating a school of the installation — the education authority's administrator only.
  | 'create:school:any'
  // Положение 3.6, ADR 067: school events shown in the e-diary — the administration keeps them.
  | 'manage:events:any'
  // Регламент («сводная ведомость … передаётся в архив»), Положение 6.5, ADR 109: the administration passes a skipped
  // class's ведомость of the year to the archive by hand, with the class list it confirms.
  | 'archive:results:any'

/**
 * The installation's own role (ADR 044), outside ROLES on purpose: a school's administrator can neither import nor
 * grant it. It is given by `npm run create-school -- --authority-login …` and reaches only /authority.
 */
export const AUTHORITY_ROLE = 'authority'

const GRANTS: Record<Role, Permission[]> = {
  admin: [
    'read:school:any',
    'read:class:any',
    'read:pupil:any',
    'read:journal:any',
    'manage:school:any',
    'manage:users:any',
    'read:audit:any',
    'read:journal-control:any',
    'issue:credentials:any',
    'manage:events:any',
    'archive:results:any',
  ],
  director: [
    'read:school:any',
    'read:class:any',
    'read:pupil:any',
    'read:journal:any',
    'read:application:any',
    'create:application:any',
    'process:application:any',
    'decide:application:any',
    'read:registration-log:any',
    'read:audit:any',
    'read:journal-control:any',
    'manage:events:any',
    'archive:results:any',
  ],
  deputy: [
    'read:school:any',
    'read:class:any',
    'read:pupil:any',
    'read:journal:any',
    'read:journal-control:any',
    'manage:events:any',
    'archive:results:any',
  ],
  responsible: [
    'read:school:any',
    'read:class:any',
    'read:pupil:any',
    'read:journal:any',
    'read:application:any',
    'create:application:any',
    'process:application:any',
    'read:registration-log:any',
  ],
  secretary: [
    'read:school:any',
    'read:class:any',
    'read:pupil:any',
    'read:application:any',
    'create:application:any',
    'read:registration-log:any',
  ],
  class_teacher: [
    'read:class:own',
    'read:pupil:own',
    'read:journal:own',
    'create:application:any',
    'issue:credentials:own',
    'read:journal-reports:own',
  ],
  teacher: ['read:class:own', 'read:journal:own'],
  parent: ['read:pupil:own', 'read:application:own'],
}

function permissionsOf(roles: readonly string[]): Set<Permission> {
  const result = new Set<Permission>()
  for (const role of roles) for (const p of GRANTS[role as Role] ?? []) result.add(p)
  if (roles.includes(AUTHORITY_ROLE)) result.add('create:school:any')
  return result
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission)
}

/** Where each role lands after sign-in (the first matching role wins). */
export function homePathFor(roles: readonly string[]): string {
  if (roles.includes('director') || roles.includes('responsible') || roles.includes('deputy') || roles.includes('secretary'))
    return '/staff'
  if (roles.includes('admin')) return '/admin'
  if (roles.includes('class_teacher') || roles.includes('teacher')) return '/teacher'
  if (roles.includes('parent')) return '/parent'
  // The authority's administrator has no school pages (ADR 057); '/' would send it back here, round and round.
  if (roles.includes(AUTHORITY_ROLE)) return '/authority/schools'
  return '/'
}
