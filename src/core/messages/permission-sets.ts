/** WeChat's names of the permission sets (权限集) features need, by `func_info` id (all of them: src/accounts/capability-view.ts). */
export const setNames: Readonly<Record<number, string>> = { 1: '消息管理权限', 2: '用户管理权限', 3: '帐号服务权限', 4: '网页服务权限', 7: '群发与通知权限', 11: '素材管理权限', 15: '自定义菜单权限' };
