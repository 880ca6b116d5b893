// Issue 17: chat replies and messages as safe markdown — code, lists, emphasis and links — since
// pilots answer in markdown and technicians paste logs in fences. No raw HTML is rendered (it is
// dropped), links only for http(s) and mailto open in a new tab without the opener, and images
// show their alt text: a reply cannot load anything or run anything.
import Markdown, { type Components } from 'react-markdown';
// A line break typed in the composer stays a line break, as people expect in a chat.
import remarkBreaks from 'remark-breaks';

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ alt }) => <span className="faint">[image: {alt || 'no description'}]</span>,
};

export const ChatMarkdown = ({ text }: { text: string }) => (
  <div className="chat-markdown">
    <Markdown skipHtml remarkPlugins={[remarkBreaks]} urlTransform={(url) => (SAFE_URL.test(url) ? url : '')} components={components}>
      {text}
    </Markdown>
  </div>
);
