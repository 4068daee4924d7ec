import type { Account } from '../core/data/accounts';
import { checkFile } from '../core/uploads/check-file';
import { contentTypeOf, extensionOf } from '../core/uploads/file-types';
import { uploadArticleImage as uploadWechatImage } from '../wechat/api/content';

/** A picture for an article body: checked by content, sent to media/uploadimg; WeChat answers its URL. */
export const checkArticleImage = (data: Buffer) => checkFile('file', 'articleImage', data);

export const uploadArticleImage = async (account: Account, file: { filename: string; data: Buffer }) => {
  const detected = checkArticleImage(file.data);
  const { url } = await uploadWechatImage(account, { data: file.data, filename: `picture.${extensionOf[detected]}`, contentType: contentTypeOf[detected] });
  return { url };
};
