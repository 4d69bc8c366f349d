import type { ReactNode } from "react";

/**
 * A table or figure that may be wider than a phone: it scrolls sideways inside its own box (with
 * shadows at the edges that can still scroll), which keyboard users can focus and scroll and screen
 * readers announce by name. On phones it reaches the card's edges to use the card's padding too.
 */
export function ScrollRegion({
  labelledBy,
  className = "",
  children,
}: {
  labelledBy: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="region"
      // A box that scrolls must be reachable by keyboard to be scrolled (WCAG 2.1.1).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      aria-labelledby={labelledBy}
      className={`table-scroll -mx-4 overflow-x-auto px-1 sm:mx-0 sm:px-0 ${className}`}
    >
      {children}
    </div>
  );
}
