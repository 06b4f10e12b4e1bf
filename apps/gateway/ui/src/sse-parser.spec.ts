import { SseMessage, SseParser } from './sse-parser';

function parse(chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = new SseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  return messages;
}

describe(SseParser.name, () => {
  const stream =
    'event: snapshot\nid: 1:a\ndata: {"status":"running"}\n\n:keepalive comment\n\nevent: progress\ndata: {"p":40}\n\n';

  it('should emit one message per blank-line-terminated block, with its event, id and data', () => {
    expect(parse([stream])).toEqual([
      { event: 'snapshot', id: '1:a', data: '{"status":"running"}' },
      { event: 'progress', id: '1:a', data: '{"p":40}' },
    ]);
  });

  it('should give the same messages whatever the chunk boundaries, even inside a line or a CRLF', () => {
    const whole = parse([stream]);
    for (let size = 1; size <= 7; size++) {
      const chunks = stream.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) as string[];
      expect(parse(chunks)).toEqual(whole);
    }
    expect(parse(['event: a\r', '\ndata: 1\r\n', '\r\n'])).toEqual([{ event: 'a', id: null, data: '1' }]);
  });

  it('should join multi-line data, default the event to message and ignore comments and unknown fields', () => {
    expect(parse(['data: line 1\ndata:line 2\nretry: 3000\nfoo: bar\n: comment\n\n'])).toEqual([
      { event: 'message', id: null, data: 'line 1\nline 2' },
    ]);
  });

  it('should not emit a block without data, nor an unfinished one', () => {
    expect(parse(['event: keepalive\n\n', 'event: progress\ndata: {"p":1}'])).toEqual([]);
  });
});
