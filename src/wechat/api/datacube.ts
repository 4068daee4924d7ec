import type { CapableAccount } from '../../core/capabilities';
import { callAsAccount } from './account-client';

/**
 * WeChat's data APIs (datacube): a range of days, `YYYY-MM-DD`, both included, at most the API's
 * span a call (61501 otherwise) and yesterday at the latest. Verified accounts only.
 * developers.weixin.qq.com/doc/service/en/Analytics/User_Analysis_Data_Interface.html;
 * published content: developers.weixin.qq.com/doc/subscription/api/wedata/news/api_getarticletotaldetail
 */
export const datacubeSpans = {
  getusersummary: 7,
  getusercumulate: 7,
  getupstreammsg: 7,
  getinterfacesummary: 30,
  // The older 图文 APIs (getarticlesummary, getarticletotal, getuserread…) are marked 已停止维护;
  // getarticletotaldetail covers 发表 as well. One day a call keeps a delayed day from holding back others.
  getarticletotaldetail: 1,
} as const;

export type DatacubeApi = keyof typeof datacubeSpans;

export interface UserSummaryRow { ref_date: string; user_source: number; new_user: number; cancel_user: number }
export interface UserCumulateRow { ref_date: string; cumulate_user: number }
export interface UpstreamRow { ref_date: string; msg_type: number; msg_user: number; msg_count: number }
export interface InterfaceRow { ref_date: string; callback_count: number; fail_count: number; total_time_cost: number; max_time_cost: number }
export interface ArticleRow {
  ref_date: string;
  msgid: string;
  publish_type?: number;
  detail_list?: { stat_date: string; read_user?: number; share_user?: number }[];
}

type Answers = {
  getusersummary: { list?: UserSummaryRow[] };
  getusercumulate: { list?: UserCumulateRow[] };
  getupstreammsg: { list?: UpstreamRow[] };
  getinterfacesummary: { list?: InterfaceRow[] };
  getarticletotaldetail: { list?: ArticleRow[]; is_delay?: boolean };
};

export const datacube = <A extends DatacubeApi>(account: CapableAccount, api: A, beginDate: string, endDate: string): Promise<Answers[A]> =>
  callAsAccount<Answers[A]>(account, { path: `datacube/${api}`, json: { begin_date: beginDate, end_date: endDate } });
