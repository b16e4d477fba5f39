/**
 * Text placed in HTML (element content or a quoted attribute value): the five characters that could end the
 * text and start markup, as entities. Admin pages show other parties' strings (EIDs, outcomes an IPA sent),
 * so every value goes through this before it is written into a page.
 */
export function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
