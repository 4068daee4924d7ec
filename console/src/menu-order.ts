import { menuLimits } from '../../src/menus/button-types';

/**
 * Where a dragged menu button may land, by WeChat's menu rules: at most 3 top-level buttons, at
 * most 5 under each, two levels only. Pure: the menu editor (pages/menus.tsx) applies the answer
 * or shows the refusal.
 */

/** A button's place: [column] or [column, row]. */
export type Path = [number] | [number, number];

/** Where a drop lands: on a button, on a column's "add sub-menu" slot (its end), or on the bar's "add menu" slot (its end). */
export type DropTarget = { button: Path } | { column: number } | { bar: true };

export type Refusal =
  /** The column already holds 5 sub-menus. */
  | { refused: 'fullColumn'; column: number }
  /** The bar already holds 3 top-level buttons. */
  | { refused: 'fullBar' }
  /** A top-level button with sub-menus cannot go under another one (a third level). */
  | { refused: 'thirdLevel'; column: number };

export type Moved<T> = { menu: T[]; at: Path };

const reorder = <T>(list: T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(Math.min(Math.max(to, 0), next.length), 0, item!);
  return next;
};

const withSub = <T extends { sub: T[] }>(menu: T[], column: number, sub: T[]): T[] => menu.map((top, i) => (i === column ? { ...top, sub } : top));

/**
 * Moves the button at `from` to `target`; `undefined` when the drop changes nothing (onto itself,
 * or a column onto its own sub-menus). Within a list the dropped button takes the target's place;
 * onto another column's top-level button or its "add" slot it goes last under that column.
 */
export const dropButton = <T extends { sub: T[] }>(menu: T[], from: Path, target: DropTarget): Moved<T> | Refusal | undefined => {
  const dragged = from.length === 1 ? menu[from[0]] : menu[from[0]]?.sub[from[1]];
  if (!dragged) return undefined;
  // A sub-menu dropped on its own column's button is already there.
  if ('button' in target && target.button.length === 1 && from.length === 2 && from[0] === target.button[0]) return undefined;

  // Where it goes: a place in the bar, or [column, row] under a column.
  let to: Path;
  if ('bar' in target) to = [from.length === 1 ? menu.length - 1 : menu.length];
  else if ('column' in target) to = [target.column, menu[target.column]?.sub.length ?? 0];
  else if (target.button.length === 1 && from.length === 2) to = [target.button[0], menu[target.button[0]]?.sub.length ?? 0];
  else to = target.button;

  if (to.length === 1) {
    if (from.length === 1) {
      // Along the bar.
      if (from[0] === to[0]) return undefined;
      return { menu: reorder(menu, from[0], to[0]), at: [Math.min(to[0], menu.length - 1)] };
    }
    // A sub-menu up into the bar.
    if (menu.length >= menuLimits.topButtons) return { refused: 'fullBar' };
    const [column, row] = from;
    const rest = withSub(menu, column, menu[column]!.sub.filter((_, j) => j !== row));
    return { menu: [...rest, dragged], at: [rest.length] };
  }

  const [column, row] = to;
  const parent = menu[column];
  if (!parent) return undefined;
  if (from.length === 2 && from[0] === column) {
    // Within its own column.
    const last = parent.sub.length - 1;
    const place = Math.min(row, last);
    if (from[1] === place) return undefined;
    return { menu: withSub(menu, column, reorder(parent.sub, from[1], place)), at: [column, place] };
  }
  if (from.length === 1 && from[0] === column) return undefined;
  if (from.length === 1 && dragged.sub.length > 0) return { refused: 'thirdLevel', column: from[0] };
  if (parent.sub.length >= menuLimits.subButtons) return { refused: 'fullColumn', column };

  const sub = [...parent.sub];
  sub.splice(Math.min(row, sub.length), 0, dragged);
  if (from.length === 2) {
    // From one column to another.
    const moved = withSub(withSub(menu, column, sub), from[0], menu[from[0]]!.sub.filter((_, j) => j !== from[1]));
    return { menu: moved, at: [column, Math.min(row, sub.length - 1)] };
  }
  // A leaf top-level button down under another column: the bar loses it.
  const moved = withSub(menu, column, sub).filter((_, i) => i !== from[0]);
  const newColumn = from[0] < column ? column - 1 : column;
  return { menu: moved, at: [newColumn, Math.min(row, sub.length - 1)] };
};
