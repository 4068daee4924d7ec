import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

/**
 * A destructive action's confirmation, on the platform's modal <dialog>: focus moves into it,
 * Escape cancels, focus returns where it was. Cancel is focused first (the safe choice).
 */
export const ConfirmDialog = (props: { open: boolean; message: string; confirmLabel?: string; onConfirm: () => void; onCancel: () => void }) => {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="confirm-message" onCancel={(e) => (e.preventDefault(), props.onCancel())}>
      <p id="confirm-message">{props.message}</p>
      <div class="dialog__actions">
        <button type="button" class="button button--ghost" autofocus onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button button--danger" onClick={props.onConfirm}>
          {props.confirmLabel ?? t('common.delete')}
        </button>
      </div>
    </dialog>
  );
};
