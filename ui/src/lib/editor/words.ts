// Word count and reading time, counted as the exports count them (crates/briefdesk-core/src/
// export/view.rs): runs of letters or digits are words, and so is each CJK character.

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/gu;
const WORDS_PER_MINUTE = 200;

export function countWords(text: string): number {
  let count = 0;
  for (const word of text.split(/\s+/u)) {
    if (word === '' || /^\[\d+\]$/u.test(word)) continue;
    const wide = word.match(CJK)?.length ?? 0;
    const other = /[\p{L}\p{N}]/u.test(word.replace(CJK, '')) ? 1 : 0;
    count += wide + other;
  }
  return count;
}

export function readingMinutes(words: number): number {
  return Math.ceil(words / WORDS_PER_MINUTE);
}
