// A library row dragged onto the Issues tab adds its brief to an issue. This is the one native
// HTML5 drag in the app (from a list to a tab, where no placement needs showing); the drags
// within the composer are the pointer sorter's.

/** The drag's data type: a brief's id, and nothing another app would take for text. */
export const BRIEF_TYPE = 'application/x-briefdesk-brief';

/** For a row's `ondragstart`: offers the brief `id`. */
export function offerBrief(event: DragEvent, id: string): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(BRIEF_TYPE, id);
  event.dataTransfer.effectAllowed = 'link';
}

/** Whether a drag carries a brief (its id is not readable before the drop). */
export function carriesBrief(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes(BRIEF_TYPE);
}

/** The brief a drop brings, if it brings one. */
export function droppedBrief(event: DragEvent): string | null {
  const id = event.dataTransfer?.getData(BRIEF_TYPE) ?? '';
  return id === '' ? null : id;
}
