// GraphiQL from npm, bundled with everything it needs, so the IDE at /
// works on a network without internet access.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/graphiql.css';

const fetcher = createGraphiQLFetcher({ url: '/graphql' });
const root = createRoot(document.getElementById('graphiql')!);
root.render(createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
