import { readEngineEnv } from "@nova/infra";
import { searchContract } from "./search-contract.ts";

// Elasticsearch (test:infra's integ-test build): no analysis-common module, so the text analyzer is
// "standard" (no stemming; production's default is "english"); each sync refreshes so a delivered
// event is searchable when the test reads.
const { ELASTICSEARCH_URL } = readEngineEnv(["ELASTICSEARCH_URL"]);
searchContract(
  "Elasticsearch",
  {
    ELASTICSEARCH_URL,
    ELASTICSEARCH_INDEX_PREFIX: `search-test-${Date.now()}`,
    ELASTICSEARCH_TEXT_ANALYZER: "standard",
    ELASTICSEARCH_SYNC_REFRESH: "true",
  },
  { stems: false },
);
