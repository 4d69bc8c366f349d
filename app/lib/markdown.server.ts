// Publication bodies are Markdown written by organizers. Raw HTML is off, so nothing they type
// becomes markup; markdown-it also refuses javascript:/vbscript:/data: links.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// Wide tables scroll inside their own box on phones; the box is focusable for keyboard users.
md.renderer.rules.table_open = (_tokens, _idx, _options, env) => {
  const state = (env ?? {}) as { tableLabel?: string; tables?: number };
  state.tables = (state.tables ?? 0) + 1;
  const label = `${state.tableLabel ?? "Table"} ${state.tables}`;
  return `<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table>\n`;
};
md.renderer.rules.table_close = () => "</table></div>\n";
// Code blocks keep their lines (they scroll sideways on phones), so each is focusable too, and
// named when the page gives a name ("Код үлгісі 2", "Пример кода 3").
for (const rule of ["fence", "code_block"] as const) {
  const render = md.renderer.rules[rule]!;
  md.renderer.rules[rule] = (tokens, idx, options, env, self) => {
    const state = (env ?? {}) as { codeLabel?: string; blocks?: number };
    state.blocks = (state.blocks ?? 0) + 1;
    const named = state.codeLabel
      ? ` role="region" aria-label="${md.utils.escapeHtml(`${state.codeLabel} ${state.blocks}`)}"`
      : "";
    return render(tokens, idx, options, env, self).replace(/^<pre>/, `<pre tabindex="0"${named}>`);
  };
}
// Links leave the site without passing a referrer or control of the page.
const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options) as string);
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx].attrGet("href") ?? "");
  if (/^https?:\/\//i.test(href)) tokens[idx].attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// Column alignment becomes a class: inline styles are not allowed by our Content-Security-Policy.
// Header cells say what they head, for screen readers.
for (const rule of ["th_open", "td_open"] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const style = String(tokens[idx].attrGet("style") ?? "");
    const align = /text-align:(left|right|center)/.exec(style)?.[1];
    if (style) tokens[idx].attrs = (tokens[idx].attrs ?? []).filter(([name]) => name !== "style");
    if (align) tokens[idx].attrSet("class", `align-${align}`);
    if (rule === "th_open") tokens[idx].attrSet("scope", "col");
    return self.renderToken(tokens, idx, options) as string;
  };
}

/**
 * `tableLabel` names each table's scroll box ("Кесте 1", "Таблица 2") for assistive technology;
 * `codeLabel` each code block's the same way.
 */
export function renderMarkdown(source: string, tableLabel?: string, codeLabel?: string) {
  return md.render(source, { tableLabel, codeLabel });
}
