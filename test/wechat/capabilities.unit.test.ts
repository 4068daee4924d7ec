import { describe, expect, it } from 'vitest';
import { featureOfApi, missingFor, requireApi } from '../../src/core/capabilities';
import { capabilitiesOf } from '../../src/accounts/capability-view';
import { nextChinaMidnight, nextChinaMonth } from '../../src/wechat/error-table';

/**
 * The capability table against WeChat's pages: permission sets (func_info) at
 * developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/product/offical_account_authority.html,
 * what each type and verification may call at
 * developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html.
 */
const component = (extra: object) => ({ appid: 'wx1', mode: 'component' as const, ...extra });

describe('what an account may do', () => {
  it('finds the feature of each WeChat API the product calls, remarks before followers', () => {
    expect(featureOfApi('cgi-bin/user/info/updateremark')).toBe('remarks');
    expect(featureOfApi('cgi-bin/user/info/batchget')).toBe('followers');
    expect(featureOfApi('cgi-bin/user/tag/get')).toBe('tags');
    expect(featureOfApi('cgi-bin/tags/get')).toBe('tags');
    expect(featureOfApi('cgi-bin/menu/addconditional')).toBe('menus');
    expect(featureOfApi('cgi-bin/material/add_material')).toBe('materials');
    expect(featureOfApi('cgi-bin/qrcode/create')).toBe('qrcodes');
    expect(featureOfApi('cgi-bin/message/custom/send')).toBe('customerService');
    expect(featureOfApi('cgi-bin/ticket/getticket')).toBe('jssdk');
    expect(featureOfApi('cgi-bin/clear_quota')).toBeUndefined();
  });

  it('asks a service account first, then verification, then the permission set', () => {
    expect(missingFor(component({ serviceType: 0, verifyType: -1, funcInfo: [] }), 'remarks')).toBe('serviceAccount');
    expect(missingFor(component({ serviceType: 2, verifyType: -1, funcInfo: [] }), 'remarks')).toBe('verification');
    expect(missingFor(component({ serviceType: 2, verifyType: 0, funcInfo: [1] }), 'remarks')).toBe('permissionSet:2');
    expect(missingFor(component({ serviceType: 2, verifyType: 0, funcInfo: [2] }), 'remarks')).toBeUndefined();
    expect(missingFor(component({ serviceType: 0, verifyType: 0, funcInfo: [2] }), 'tags')).toBeUndefined(); // verified subscription accounts have tags
    expect(missingFor(component({ serviceType: 0, verifyType: -1, funcInfo: [15] }), 'menus')).toBeUndefined();
  });

  it('refuses nothing it does not know: a direct binding, or an account stored before these were kept', () => {
    const direct = { appid: 'wx2', mode: 'direct' as const };
    expect(() => requireApi(direct, 'cgi-bin/user/info/updateremark')).not.toThrow();
    expect(() => requireApi(component({}), 'cgi-bin/menu/create')).not.toThrow();
    expect(capabilitiesOf(direct)).toContainEqual({ feature: 'remarks', allowed: null });
    expect(capabilitiesOf(direct)).toContainEqual({ feature: 'menus', allowed: true }); // no account rule, no permission sets for its own token
    expect(capabilitiesOf(component({}))).toContainEqual({ feature: 'menus', allowed: null });
  });

  it('throws 40302 naming the need and the feature', () => {
    try {
      requireApi(component({ funcInfo: [1, 2] }), 'cgi-bin/menu/create');
      expect.unreachable();
    } catch (error: any) {
      expect([error.errcode, error.status, error.extra]).toEqual([40302, 403, { feature: 'menus', need: 'permissionSet:15' }]);
      expect(error.message).toMatch(/自定义菜单权限/);
    }
  });
});

describe("when WeChat's quotas restart", () => {
  it('daily quotas at the next midnight China time (16:00 UTC), never now', () => {
    expect(nextChinaMidnight(new Date('2026-05-10T15:59:59Z'))).toBe('2026-05-10T16:00:00.000Z');
    expect(nextChinaMidnight(new Date('2026-05-10T16:00:00Z'))).toBe('2026-05-11T16:00:00.000Z');
    expect(nextChinaMidnight(new Date('2026-05-10T23:00:00Z'))).toBe('2026-05-11T16:00:00.000Z');
  });

  it("the month's resets on the 1st, midnight China time", () => {
    expect(nextChinaMonth(new Date('2026-05-31T15:59:00Z'))).toBe('2026-05-31T16:00:00.000Z');
    expect(nextChinaMonth(new Date('2026-05-31T16:00:00Z'))).toBe('2026-06-30T16:00:00.000Z');
    expect(nextChinaMonth(new Date('2026-12-15T00:00:00Z'))).toBe('2026-12-31T16:00:00.000Z');
  });
});
