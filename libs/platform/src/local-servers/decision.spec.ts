import { chooseServer } from './decision';

const DEFAULT = 'postgres://postgres@127.0.0.1:5432/megahub';

describe(chooseServer.name, () => {
  it('should use an explicit URL as it is, whatever answers', () => {
    expect(
      chooseServer({
        configured: 'postgres://db:5432/x',
        defaultUrl: DEFAULT,
        answering: false,
        production: false,
      }),
    ).toEqual({
      kind: 'configured',
      url: 'postgres://db:5432/x',
    });
  });

  it("should use the machine's server when one answers at the default address (CI, a developer with Postgres)", () => {
    expect(chooseServer({ defaultUrl: DEFAULT, answering: true, production: false })).toEqual({
      kind: 'machine',
      url: DEFAULT,
    });
  });

  it('should start a private server when nothing is set and nothing answers', () => {
    expect(chooseServer({ defaultUrl: DEFAULT, answering: false, production: false })).toEqual({
      kind: 'embedded',
    });
  });

  it('should never start a private server in production', () => {
    expect(chooseServer({ defaultUrl: DEFAULT, answering: false, production: true })).toEqual({
      kind: 'unavailable',
      url: DEFAULT,
    });
  });
});
