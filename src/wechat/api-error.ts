import { AppError, ErrorCode } from '../core/errors';
import { featureOfApi } from '../core/capabilities';
import { mapWechatError } from './error-table';

/**
 * WeChat refused a call: its own errcode and errmsg travel to the client unchanged. A refusal that
 * is the caller's fault answers as that fault (src/wechat/error-table.ts), anything else 50200.
 */
export class WechatApiError extends AppError {
  override name = 'WechatApiError';
  constructor(
    readonly wxerrcode: number,
    readonly wxerrmsg: string,
    readonly api: string,
  ) {
    const mapped = mapWechatError(wxerrcode);
    super(
      mapped?.errcode ?? ErrorCode.wechat,
      mapped?.status ?? 502,
      mapped ? `${mapped.message(wxerrmsg)} (WeChat ${wxerrcode})` : `WeChat refused ${api}: ${wxerrcode} ${wxerrmsg}`,
      {
        extra: {
          wxerrcode,
          wxerrmsg,
          ...mapped?.extra?.(new Date()),
          // 48001 does not say which need is missing: the feature names what was refused.
          ...(mapped?.errcode === ErrorCode.accountCannot ? { need: 'wechat-permission', ...(featureOfApi(api) ? { feature: featureOfApi(api) } : {}) } : {}),
        },
      },
    );
  }
}
