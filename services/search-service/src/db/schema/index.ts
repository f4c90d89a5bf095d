export { accounts } from "./accounts.ts";
export { documents, VISIBILITY } from "./documents.ts";
export { enforcements } from "./enforcements.ts";
export { hashtags, hashtagUses } from "./hashtags.ts";
export { lexicon } from "./lexicon.ts";
export { processedEvents } from "./processed-events.ts";
export { recentSearches } from "./recent-searches.ts";
export { searchSchema } from "./search-schema.ts";
