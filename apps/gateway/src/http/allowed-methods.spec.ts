import { AllowedMethods } from './allowed-methods';

describe(AllowedMethods.name, () => {
  const table = new AllowedMethods();
  table.add('GET', '/tasks');
  table.add('POST', '/tasks');
  table.add('GET', '/tasks/queue-stats');
  table.add('GET', '/tasks/:ref');
  table.add('POST', '/tasks/:ref/retry');
  table.add(['GET', 'PATCH', 'DELETE'], '/tasks/scheduled/calendars/:id');
  table.add('GET', '/tasks/ui/*');

  it('should list the methods of a path, HEAD wherever GET is, whatever the trailing slash and query', () => {
    expect(table.for('/tasks/')).toEqual(['GET', 'HEAD', 'POST']);
    expect(table.for('/tasks?page=2')).toEqual(['GET', 'HEAD', 'POST']);
    expect(table.for('/tasks/scheduled/calendars/12/')).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
  });

  it('should fill path parameters and wildcards', () => {
    expect(table.for('/tasks/task_abc/retry/')).toEqual(['POST']);
    expect(table.for('/tasks/ui/assets/app.js')).toEqual(['GET', 'HEAD']);
  });

  it('should join a static route and the parameter route that both match', () => {
    expect(table.for('/tasks/queue-stats/')).toEqual(['GET', 'HEAD']);
  });

  it('should find nothing for a path no route serves', () => {
    expect(table.for('/tasks/nothing/here/')).toEqual([]);
    expect(table.for('/tasks/1/retry/now')).toEqual([]);
  });

  it('should read dots and other characters of a route literally', () => {
    table.add('GET', '/tasks/docs/openapi.json');
    expect(table.for('/tasks/docs/openapiXjson')).toEqual([]);
  });
});
