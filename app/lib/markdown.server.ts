// Publication bodies are Markdown written by organizers. Raw HTML is off, so nothing they type
// becomes markup; markdown-it also refuses javascript:/vbscript:/data: links.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// Wide tables scroll inside their own box on phones; the box is focusable for keyboard users.
md.renderer.rules.table_open = () => '<div class="table-scroll" tabindex="0" role="region" aria-label="table"><table>\n';
md.renderer.rules.table_close = () => "</table></div>\n";
// Links leave the site without passing a referrer or control of the page.
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options) as string);
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx].attrGet("href") ?? "");
  if (/^https?:\/\//i.test(href)) tokens[idx].attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string) {
  return md.render(source);
}
