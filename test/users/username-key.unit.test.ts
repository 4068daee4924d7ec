import { describe, expect, it } from 'vitest';
import { foldCase, skeleton, usernameKey } from '../../src/users/username-key';
import { isOrdinaryForm, usernameCharacters } from '../../src/users/username-rules';

/**
 * The username uniqueness key: NFKC case folding and the UTS #39 confusable skeleton
 * (https://www.unicode.org/reports/tr39/#Confusable_Detection: "skeleton(X): 1. Convert X to NFD
 * format 2. Concatenate the prototypes for each character in X according to the specified data,
 * producing a string of exemplar characters. 3. Reapply NFD."), from Unicode's confusables.txt.
 */
describe('usernameKey', () => {
  it('gives a Cyrillic, a full-width and a mathematical bold lookalike the key of the Latin name', () => {
    const latin = usernameKey('wang_xiaoming');
    expect(usernameKey('w\u0430ng_xi\u0430oming')).toBe(latin); // Cyrillic а (U+0430)
    expect(usernameKey('ｗａｎｇ＿ｘｉａｏｍｉｎｇ')).toBe(latin); // full-width forms
    expect(usernameKey('𝐰𝐚𝐧𝐠_𝐱𝐢𝐚𝐨𝐦𝐢𝐧𝐠')).toBe(latin); // mathematical bold
    expect(usernameKey('WANG_XiaoMing')).toBe(latin);
  });

  it('meets the lookalikes inside Latin and digits: rn/m, 1/l, 0/O, ɑ/a, ı/i', () => {
    expect(usernameKey('modern')).toBe(usernameKey('rnodern'));
    expect(usernameKey('paul1')).toBe(usernameKey('paull'));
    expect(usernameKey('user0')).toBe(usernameKey('usero'));
    expect(usernameKey('m\u0251ry')).toBe(usernameKey('mary')); // Latin small alpha
    expect(usernameKey('l\u0131nda')).toBe(usernameKey('linda')); // dotless i
  });

  it('keeps different names apart, Chinese included', () => {
    expect(usernameKey('wang')).not.toBe(usernameKey('wong'));
    expect(usernameKey('小明')).not.toBe(usernameKey('小朋'));
    expect(usernameKey('小明')).toBe(usernameKey('小明'));
  });

  it('folds case fully: ß and ss, final and medial sigma', () => {
    expect(foldCase('Straße')).toBe('strasse');
    expect(foldCase('ΟΔΟΣ')).toBe(foldCase('οδος'));
    expect(foldCase('οδος')).toBe(foldCase('οδοσ'));
  });

  it('is the UTS #39 skeleton: NFD, the table, NFD (é decomposes; ａ maps through the table)', () => {
    expect(skeleton('é')).toBe('e\u0301');
    expect(skeleton('\u0430')).toBe('a');
    expect(skeleton('m')).toBe('rn');
    expect(skeleton('小明')).toBe('小明'.normalize('NFD'));
  });
});

describe('the characters a username may use', () => {
  it('allows Chinese characters, Latin letters, digits, "_", "." and "-" in ordinary form', () => {
    for (const name of ['王小明', 'wang_xiaoming', 'café.2024', 'li-na', '张San']) {
      expect(usernameCharacters.test(name) && isOrdinaryForm(name), name).toBe(true);
    }
  });

  it('refuses other scripts, full-width and styled forms, spaces and symbols', () => {
    for (const name of ['w\u0430ng', 'ｗａｎｇ', '𝐰𝐚𝐧𝐠', 'wang xiao', 'wang@x', 'ワン', '왕', 'e\u0301']) {
      expect(usernameCharacters.test(name) && isOrdinaryForm(name), name).toBe(false);
    }
  });
});
