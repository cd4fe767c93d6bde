// Every GraphQL document the app sends. graphql-codegen turns each into a
// typed document (src/gql), checked against schema/*.graphqls at build.
import { graphql } from '../gql';

export const MeQuery = graphql(`
  query Me { me { subject role districts { id name } } }
`);

export const PlacesQuery = graphql(`
  query Places {
    neighbourhoods(first: 100, filter: { levels: [CITY, DISTRICT, QUARTER] }, orderBy: { field: NAME }) {
      edges { node { id name level quarterManagement population parent { id } } }
    }
    targetGroups { id code labelDe labelEn }
  }
`);

export const NetworkActorsQuery = graphql(`
  query NetworkActors($scope: ID, $asOf: Date, $after: String) {
    actors(filter: { neighbourhood: $scope, asOf: $asOf }, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name kind sector } }
    }
  }
`);

export const NetworkTiesQuery = graphql(`
  query NetworkTies($scope: ID, $asOf: Date, $after: String) {
    cooperations(filter: { neighbourhood: $scope, asOf: $asOf }, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind directed strength from { id } to { id } } }
    }
  }
`);

export const BrokersQuery = graphql(`
  query Brokers($network: NetworkSelection, $first: Int) {
    brokers(network: $network, first: $first) {
      betweenness degree constraint effectiveSize articulationPoint splitSizes
      roles { total }
      actor { id name kind sector }
    }
  }
`);

export const PathQuery = graphql(`
  query Path($from: ID!, $to: ID!, $network: NetworkSelection) {
    cooperationPath(from: $from, to: $to, network: $network, first: 1) {
      length
      actors { id name }
    }
  }
`);

export const CoverageQuery = graphql(`
  query Coverage($scope: ID, $asOf: Date, $after: String) {
    needs(filter: { neighbourhood: $scope, asOf: $asOf }, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        id severity description
        targetGroup { id }
        topic { id labelDe labelEn }
        neighbourhood { id name }
        coveringServices(asOf: $asOf) { id name provider { id name } }
      } }
    }
  }
`);

export const GapsQuery = graphql(`
  query Gaps($scope: ID) {
    gaps(scope: $scope, first: 50, candidates: 3) {
      populationConcerned
      need { id severity neighbourhood { id name } targetGroup { labelDe labelEn } topic { labelDe labelEn } }
      candidates { placeDistance networkHops service { id name } provider { id name } }
    }
  }
`);

export const OverlapsQuery = graphql(`
  query Overlaps($scope: ID) {
    overlaps(scope: $scope, first: 50) {
      uncoordinatedPairs
      neighbourhood { id name }
      targetGroup { labelDe labelEn }
      topic { labelDe labelEn }
      services { id name }
      pairs { cooperate a { id name } b { id name } }
    }
  }
`);

export const StaleQuery = graphql(`
  query Stale($before: Date!, $scope: ID, $after: String) {
    staleRecords(confirmedBefore: $before, scope: $scope, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { id type neverConfirmed node {
        __typename lastConfirmed
        ... on Actor { id name }
        ... on Service { id name provider { id name } }
        ... on Neighbourhood { id name }
        ... on Need { id neighbourhood { name } targetGroup { labelDe labelEn } topic { labelDe labelEn } }
        ... on Network { id name }
        ... on Event { id name organiser { id name } }
        ... on Cooperation { id kind from { id name } to { id name } }
        ... on Role { title person { name } actor { id name } }
        ... on Membership { id role actor { id name } network { id name } }
        ... on Person { name roles(first: 1) { edges { node { actor { id name } } } } }
      } }
    }
  }
`);

export const ConfirmRecordsMutation = graphql(`
  mutation ConfirmRecords($ids: [ID!]!) {
    confirmRecords(ids: $ids) { on records { id lastConfirmed } }
  }
`);

export const ActorQuery = graphql(`
  query ActorPanel($id: ID!) {
    actor(id: $id) {
      id name kind sector public description keywords validFrom validTo lastConfirmed
      contact { email phone website address }
      neighbourhoods { id name }
      services(first: 50) { edges { node { id name validFrom validTo targetGroups { labelDe labelEn } } } }
      partners(first: 100) { edges { node { id name } cooperation { id kind validFrom validTo } } }
      roles(first: 50) { edges { node { id title person { name } } } }
      memberships(first: 50) { edges { node { id network { id name } } } }
      events(first: 10) { edges { node { id name date } } }
      contactPoints { id function phone email languages openingHours { days opens closes note } role { title person { name } } }
    }
  }
`);

export const WhatIfQuery = graphql(`
  query WhatIf($remove: [ID!]!, $network: NetworkSelection) {
    whatIf(remove: $remove, network: $network, candidates: 3, topBrokers: 10) {
      asOf
      removed { id name }
      newGaps { populationConcerned
        need { id severity neighbourhood { id name } targetGroup { labelDe labelEn } topic { labelDe labelEn } }
        candidates { placeDistance service { id name } provider { id name } } }
      endingServices { id name }
      cutOff { size actors(first: 20) { id name } }
      brokerRankChanges { rankBefore rankAfter betweennessBefore betweennessAfter actor { id name } }
      before { actors ties density components isolates }
      after { actors ties density components isolates }
    }
  }
`);

// The records of an ending or change report, each kind with what links it
// to actors: the first page of 100 of each kind's connection (the report
// says how many more there are: totals).
export const RecordChangesFragment = graphql(`
  fragment RecordChangesFields on RecordChanges {
    actors(first: 100) { edges { node { id name validFrom validTo } } }
    services(first: 100) { edges { node { id name validFrom validTo provider { id name } } } }
    cooperations(first: 100) { edges { node { id kind validFrom validTo from { id name } to { id name } } } }
    memberships(first: 100) { edges { node { id role validFrom validTo actor { id name } network { id name } } } }
    roles(first: 100) { edges { node { title validFrom validTo person { name } actor { id name } } } }
    totals { actors services cooperations memberships roles all }
  }
`);

export const EndingQuery = graphql(`
  query Ending($scope: ID, $within: String) {
    ending(scope: $scope, within: $within) {
      from to
      ending { ...RecordChangesFields }
    }
  }
`);

export const ChangeReportQuery = graphql(`
  query ChangeReport($scope: ID, $from: Date!, $to: Date) {
    changeReport(scope: $scope, from: $from, to: $to) {
      from to
      began { ...RecordChangesFields }
      ended { ...RecordChangesFields }
    }
  }
`);

export const CoverageMatrixQuery = graphql(`
  query CoverageMatrix($scope: ID, $measure: CoverageMeasure, $asOf: Date) {
    coverage(scope: $scope, asOf: $asOf, rows: NEIGHBOURHOOD, columns: TARGET_GROUP, measure: $measure) {
      thinPer1000
      rows { id name nameDe }
      columns { id name nameDe }
      cells { row column tally { value services needs uncoveredNeeds thinNeeds residents residentsOfGroup } }
      rowTotals { value services needs uncoveredNeeds thinNeeds residents }
      total { value services needs uncoveredNeeds thinNeeds residents }
    }
  }
`);

export const UpdateActorMutation = graphql(`
  mutation UpdateActor($input: UpdateActorInput!) {
    updateActor(input: $input) { actor { id name description keywords } }
  }
`);

export const IndicatorsQuery = graphql(`
  query Indicators {
    neighbourhoods(first: 100, filter: { levels: [CITY, DISTRICT, QUARTER] }, orderBy: { field: NAME }) {
      edges { node { id name level quarterManagement population parent { id }
        indicators { name value unit year } } }
    }
  }
`);

export const UncoveredQuery = graphql(`
  query Uncovered($scope: ID) {
    gaps(scope: $scope, first: 100, candidates: 0) { need { id neighbourhood { id } } }
  }
`);

// The needs of a scope with their covering services, page by page: the
// map counts gaps from these when a district has 100 gaps or more (src/gaps.ts).
export const NeedsCoverageQuery = graphql(`
  query NeedsCoverage($scope: ID, $asOf: Date, $after: String) {
    needs(filter: { neighbourhood: $scope, asOf: $asOf }, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id neighbourhood { id } coveringServices(asOf: $asOf) { id } } }
    }
  }
`);

export const ConferenceQuery = graphql(`
  query Conference($network: NetworkSelection!, $since: Date, $scope: ID) {
    networkStats(network: $network, compareTo: $since) {
      current { asOf actors ties density components isolates averageDegree }
      previous { asOf actors ties density components isolates averageDegree }
      actorsChange tiesChange densityChange
    }
    pub: actors(filter: { neighbourhood: $scope, sectors: [PUBLIC] }, first: 1) { totalCount }
    np: actors(filter: { neighbourhood: $scope, sectors: [NON_PROFIT] }, first: 1) { totalCount }
    priv: actors(filter: { neighbourhood: $scope, sectors: [PRIVATE] }, first: 1) { totalCount }
    civ: actors(filter: { neighbourhood: $scope, sectors: [CIVIL_SOCIETY] }, first: 1) { totalCount }
  }
`);

// What changed, for the live refresh (src/live.ts): over WebSocket at
// /graphql/live, not as a persisted query.
export const ChangesSubscription = graphql(`
  subscription Changes { changes { kind type id at } }
`);

export const MapShapesQuery = graphql(`
  query MapShapes($scope: ID!, $simplify: Float) {
    neighbourhoodsGeoJSON(scope: $scope, levels: [QUARTER], simplify: $simplify)
  }
`);

export const MapPointsQuery = graphql(`
  query MapPoints($scope: ID!, $actorsAfter: String, $servicesAfter: String) {
    actorsByPlace(within: $scope, first: 100, after: $actorsAfter) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name } location { id name address latitude longitude } }
    }
    servicesByPlace(within: $scope, first: 100, after: $servicesAfter) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name provider { id name } } location { id name address latitude longitude } }
    }
  }
`);
