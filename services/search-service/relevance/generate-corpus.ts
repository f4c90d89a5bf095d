/**
 * Writes corpus.json: a fixed relevance corpus (≥200 accounts, ≥1,000 posts, 32 judged queries),
 * generated once from a seeded PRNG so it is the same on every machine. Each post is WRITTEN about
 * one topic (or is a distractor that borrows one of a topic's words); judgments come from those
 * labels, never from an engine's output: grade 2 = about the topic and contains the query's key
 * word, grade 1 = about the topic. Run: bun run services/search-service/relevance/generate-corpus.ts
 */
import { join } from "node:path";

let seed = 0x5eed_2026;
/** mulberry32: small, deterministic. */
function rand(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** Topic: the judged query, its key word (grade 2), and words a post about it is written with. */
const TOPICS: { query: string; key: string; words: string[]; tag: string }[] = [
  {
    query: "sourdough bread",
    key: "sourdough",
    words: ["starter", "loaf", "crust", "flour", "proofing", "baking"],
    tag: "sourdough",
  },
  {
    query: "marathon training",
    key: "marathon",
    words: ["running", "miles", "pace", "long run", "taper", "race day"],
    tag: "running",
  },
  {
    query: "tomato seedlings",
    key: "tomato",
    words: ["seedlings", "greenhouse", "compost", "watering", "garden bed", "transplanting"],
    tag: "gardening",
  },
  {
    query: "electric guitar",
    key: "guitar",
    words: ["amplifier", "pickups", "riffs", "strings", "pedalboard", "fretboard"],
    tag: "guitar",
  },
  {
    query: "espresso machine",
    key: "espresso",
    words: ["crema", "grinder", "portafilter", "beans", "tamping", "latte"],
    tag: "coffee",
  },
  {
    query: "mountain hiking",
    key: "hiking",
    words: ["trail", "summit", "boots", "ridge", "switchbacks", "backpack"],
    tag: "hiking",
  },
  {
    query: "chess openings",
    key: "chess",
    words: ["gambit", "sicilian", "endgame", "rook", "checkmate", "tournament"],
    tag: "chess",
  },
  {
    query: "rust programming",
    key: "rust",
    words: ["borrow checker", "cargo", "lifetimes", "traits", "compiler", "crates"],
    tag: "rustlang",
  },
  {
    query: "birdwatching binoculars",
    key: "birdwatching",
    words: ["warbler", "binoculars", "heron", "migration", "field guide", "feeder"],
    tag: "birding",
  },
  {
    query: "vegan recipes",
    key: "vegan",
    words: ["lentils", "tofu", "chickpeas", "plant based", "cashew cream", "tempeh"],
    tag: "vegan",
  },
  {
    query: "astronomy telescope",
    key: "telescope",
    words: ["nebula", "eyepiece", "jupiter", "saturn rings", "star chart", "aperture"],
    tag: "astronomy",
  },
  {
    query: "knitting patterns",
    key: "knitting",
    words: ["yarn", "needles", "cardigan", "stitches", "wool", "purl"],
    tag: "knitting",
  },
  {
    query: "jazz piano",
    key: "piano",
    words: ["chords", "improvisation", "swing", "voicings", "standards", "trio"],
    tag: "jazz",
  },
  {
    query: "electric cars",
    key: "electric",
    words: ["battery", "charging", "range", "motor", "charger", "kilowatt"],
    tag: "ev",
  },
  {
    query: "photography lenses",
    key: "lenses",
    words: ["aperture", "bokeh", "shutter", "prime", "zoom", "exposure"],
    tag: "photography",
  },
  {
    query: "basketball playoffs",
    key: "basketball",
    words: ["dunk", "three pointer", "playoffs", "rebounds", "court", "overtime"],
    tag: "nba",
  },
  {
    query: "climate change",
    key: "climate",
    words: ["emissions", "warming", "carbon", "sea level", "heatwave", "renewables"],
    tag: "climate",
  },
  {
    query: "home brewing beer",
    key: "brewing",
    words: ["hops", "malt", "fermentation", "yeast", "ale", "carboy"],
    tag: "homebrew",
  },
  {
    query: "cat adoption",
    key: "cat",
    words: ["kitten", "shelter", "purring", "litter", "whiskers", "rescue"],
    tag: "cats",
  },
  {
    query: "vintage watches",
    key: "watches",
    words: ["movement", "dial", "chronograph", "bezel", "automatic", "strap"],
    tag: "watches",
  },
  {
    query: "ocean kayaking",
    key: "kayaking",
    words: ["paddle", "waves", "sea kayak", "tide", "coastline", "spray skirt"],
    tag: "kayak",
  },
  {
    query: "board games",
    key: "board",
    words: ["dice", "meeple", "strategy", "game night", "cards", "expansion"],
    tag: "boardgames",
  },
  {
    query: "pottery wheel",
    key: "pottery",
    words: ["clay", "glaze", "kiln", "throwing", "bowls", "trimming"],
    tag: "ceramics",
  },
  {
    query: "machine learning",
    key: "learning",
    words: ["neural network", "training data", "gradient", "model", "dataset", "inference"],
    tag: "ml",
  },
  {
    query: "beekeeping honey",
    key: "honey",
    words: ["hive", "bees", "queen", "frames", "nectar", "smoker"],
    tag: "beekeeping",
  },
  {
    query: "rock climbing",
    key: "climbing",
    words: ["boulder", "crag", "belay", "chalk", "crimp", "route"],
    tag: "climbing",
  },
  {
    query: "sushi restaurant",
    key: "sushi",
    words: ["nigiri", "wasabi", "salmon", "omakase", "rice", "chef"],
    tag: "sushi",
  },
  {
    query: "podcast microphone",
    key: "microphone",
    words: ["podcast", "audio", "recording", "interface", "episode", "headphones"],
    tag: "podcasting",
  },
  {
    query: "winter skiing",
    key: "skiing",
    words: ["slopes", "powder", "chairlift", "moguls", "snow", "goggles"],
    tag: "ski",
  },
  {
    query: "sewing machine",
    key: "sewing",
    words: ["fabric", "thread", "bobbin", "pattern", "hem", "quilt"],
    tag: "sewing",
  },
];

/** Queries beyond the topic queries: a typo and a stem variant of two topics (same judgments). */
const VARIANTS: { query: string; topic: number }[] = [
  { query: "sourdugh", topic: 0 },
  { query: "knitted cardigans", topic: 11 },
];

const OPENERS = [
  "Today",
  "Finally",
  "Honestly",
  "This weekend",
  "Quick note:",
  "Update:",
  "Big day:",
  "Thread:",
];
const CONNECTORS = ["and the", "with some", "after the", "because the", "plus the", "then the"];
const CLOSERS = ["Loving it.", "Any tips?", "More soon.", "What a day.", "Highly recommend.", "Thoughts?"];

const FIRST = [
  "alex",
  "sam",
  "jordan",
  "taylor",
  "morgan",
  "casey",
  "riley",
  "jamie",
  "avery",
  "quinn",
  "drew",
  "kai",
  "rowan",
  "sage",
  "remy",
  "noor",
  "lena",
  "omar",
  "mia",
  "theo",
];
const LAST = [
  "stone",
  "rivers",
  "park",
  "nguyen",
  "garcia",
  "smith",
  "kowalski",
  "haddad",
  "silva",
  "okafor",
  "brandt",
];

const accounts = Array.from({ length: 220 }, (_, i) => {
  const first = pick(FIRST);
  const last = pick(LAST);
  return {
    key: i,
    username: `${first}_${last}_${i}`,
    displayName: `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`,
  };
});

function postAbout(topic: (typeof TOPICS)[number], withKey: boolean): string {
  const w = [...topic.words].sort(() => rand() - 0.5).slice(0, 3);
  const key = withKey ? ` ${topic.key}` : "";
  return `${pick(OPENERS)}${key} ${w[0]} ${pick(CONNECTORS)} ${w[1]} ${pick(CONNECTORS)} ${w[2]}. ${pick(CLOSERS)}${rand() < 0.4 ? ` #${topic.tag}` : ""}`;
}

const posts: {
  key: number;
  author: number;
  text: string;
  topic: number | null;
  hasKey: boolean;
  ageHours: number;
  likes: number;
}[] = [];
let topicPosts = 0;
for (let i = 0; i < 1200; i++) {
  const author = Math.floor(rand() * accounts.length);
  const ageHours = Math.floor(rand() * 24 * 30);
  const likes = Math.floor(rand() ** 3 * 200);
  if (i % 6 === 5) {
    // Distractor: small talk that borrows one topic's key word in another sense or in passing.
    const t = Math.floor(rand() * TOPICS.length);
    const topic = TOPICS[t] as (typeof TOPICS)[number];
    posts.push({
      key: i,
      author,
      text: `${pick(OPENERS)} someone mentioned ${topic.key} at lunch but we talked about the weather. ${pick(CLOSERS)}`,
      topic: null,
      hasKey: true,
      ageHours,
      likes,
    });
    continue;
  }
  const t = topicPosts++ % TOPICS.length;
  const hasKey = rand() < 0.6;
  posts.push({
    key: i,
    author,
    text: postAbout(TOPICS[t] as (typeof TOPICS)[number], hasKey),
    topic: t,
    hasKey,
    ageHours,
    likes,
  });
}

const judged = (topic: number) =>
  Object.fromEntries(posts.filter((p) => p.topic === topic).map((p) => [p.key, p.hasKey ? 2 : 1]));

const queries = [
  ...TOPICS.map((t, i) => ({ query: t.query, judgments: judged(i) })),
  ...VARIANTS.map((v) => ({ query: v.query, judgments: judged(v.topic) })),
];

await Bun.write(
  join(import.meta.dir, "corpus.json"),
  `${JSON.stringify({ note: "generated by generate-corpus.ts (seeded); judgments: 2 = about the topic with its key word, 1 = about the topic", accounts, posts: posts.map(({ topic: _t, hasKey: _h, ...p }) => p), queries }, null, 0)}\n`,
);
console.log(`corpus: ${accounts.length} accounts, ${posts.length} posts, ${queries.length} queries`);
