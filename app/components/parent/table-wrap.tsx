import type { ReactNode } from 'react'

/**
 * A table that may scroll sideways on a narrow screen (320 px): the scrolling box is a named region reachable by
 * the keyboard, so it can be scrolled without a mouse (axe: scrollable-region-focusable).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
