import { t } from '../i18n';
import type { KnownMaterial, MaterialKind } from '../material-names';
import { MaterialThumb } from './MaterialThumb';

/**
 * A material a rule or a reply uses, as a person knows it: the picture's thumbnail and its file
 * name, or a voice's or video's file name. Its media id is never shown: one the account's
 * materials do not list (deleted, or beyond the pages read) reads as its kind ("图片").
 */
export const MaterialName = (props: { appid: string; mediaId: string; kind: MaterialKind; known: Map<string, KnownMaterial> | undefined; title?: string | undefined; thumb?: boolean }) => {
  const found = props.known?.get(props.mediaId);
  const name = props.title || found?.name || t(`type.${props.kind}`);
  return (
    <span class="material-name">
      {props.kind === 'image' && props.thumb !== false ? (
        <MaterialThumb appid={props.appid} mediaId={props.mediaId} name={name} className="material-name__thumb" />
      ) : (
        <span class="material-name__glyph" aria-hidden="true">
          {t(`materials.glyph.${props.kind}`)}
        </span>
      )}
      <span class="material-name__text">{name}</span>
    </span>
  );
};
