import { describe, expect, it } from 'vitest';
import { dropButton, type DropTarget, type Path } from '../../console/src/menu-order';

/** Where a dragged menu button lands (console/src/menu-order.ts), by WeChat's limits: 3 top-level, 5 under each, two levels. */
type B = { name: string; sub: B[] };
const leaf = (name: string): B => ({ name, sub: [] });
const col = (name: string, ...subs: string[]): B => ({ name, sub: subs.map(leaf) });
const names = (menu: B[]) => menu.map((b) => (b.sub.length ? `${b.name}(${b.sub.map((s) => s.name).join(',')})` : b.name));

const menu = [col('A', 'a1', 'a2', 'a3'), col('B', 'b1', 'b2', 'b3', 'b4', 'b5'), leaf('C')];
const drop = (from: Path, target: DropTarget, on = menu) => {
  const result = dropButton(on, from, target);
  return result && 'menu' in result ? { menu: names(result.menu), at: result.at } : result;
};

describe('dropping a menu button', () => {
  it('takes the place of the top-level button it is dropped on, either way along the bar', () => {
    expect(drop([2], { button: [0] })).toEqual({ menu: ['C', 'A(a1,a2,a3)', 'B(b1,b2,b3,b4,b5)'], at: [0] });
    expect(drop([0], { button: [2] })).toEqual({ menu: ['B(b1,b2,b3,b4,b5)', 'C', 'A(a1,a2,a3)'], at: [2] });
  });

  it("takes a sibling's place within its column, or goes last on the column's add slot", () => {
    expect(drop([0, 2], { button: [0, 0] })).toEqual({ menu: ['A(a3,a1,a2)', 'B(b1,b2,b3,b4,b5)', 'C'], at: [0, 0] });
    expect(drop([0, 0], { column: 0 })).toEqual({ menu: ['A(a2,a3,a1)', 'B(b1,b2,b3,b4,b5)', 'C'], at: [0, 2] });
  });

  it("moves a sub-menu into another column at the target's place, or last when dropped on that column's button", () => {
    expect(drop([1, 4], { button: [0, 1] })).toEqual({ menu: ['A(a1,b5,a2,a3)', 'B(b1,b2,b3,b4)', 'C'], at: [0, 1] });
    expect(drop([0, 0], { button: [2] })).toEqual({ menu: ['A(a2,a3)', 'B(b1,b2,b3,b4,b5)', 'C(a1)'], at: [2, 0] });
  });

  it('moves a top-level button without sub-menus under another column, and the bar closes up', () => {
    expect(drop([2], { button: [0, 1] })).toEqual({ menu: ['A(a1,C,a2,a3)', 'B(b1,b2,b3,b4,b5)'], at: [0, 1] });
    const two = [leaf('X'), col('A', 'a1')];
    expect(drop([0], { column: 1 }, two)).toEqual({ menu: ['A(a1,X)'], at: [0, 1] });
  });

  it('moves a sub-menu up into the bar when the bar has room', () => {
    const two = [col('A', 'a1', 'a2'), leaf('C')];
    expect(drop([0, 1], { bar: true }, two)).toEqual({ menu: ['A(a1)', 'C', 'a2'], at: [2] });
  });

  it('refuses a sixth sub-menu, a fourth top-level button and a third level', () => {
    expect(drop([0, 0], { button: [1, 2] })).toEqual({ refused: 'fullColumn', column: 1 });
    expect(drop([2], { button: [1, 0] })).toEqual({ refused: 'fullColumn', column: 1 });
    expect(drop([0, 0], { bar: true })).toEqual({ refused: 'fullBar' });
    expect(drop([0], { button: [1, 0] })).toEqual({ refused: 'thirdLevel', column: 0 });
  });

  it('changes nothing when dropped on itself, on its own column, or a column on its own sub-menu', () => {
    expect(drop([1], { button: [1] })).toBeUndefined();
    expect(drop([0, 1], { button: [0, 1] })).toBeUndefined();
    expect(drop([0, 1], { button: [0] })).toBeUndefined();
    expect(drop([0], { button: [0, 1] })).toBeUndefined();
  });
});
