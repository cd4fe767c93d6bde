// GraphiQL from npm, bundled with everything it needs, so the IDE at /
// works on a network without internet access.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/graphiql.css';

const fetcher = createGraphiQLFetcher({ url: '/graphql' });
const root = createRoot(document.getElementById('graphiql')!);
const defaultQuery = `# kiezgraph's GraphQL API. Without a token you see what the public may see;
# add {"Authorization": "Bearer …"} under Headers (make token) for more.
{
  neighbourhoods(first: 5, filter: { levels: [QUARTER] }) {
    totalCount
    edges { node { name population quarterManagement } }
  }
}
`;
root.render(createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }));
