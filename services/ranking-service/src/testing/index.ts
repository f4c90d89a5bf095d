export { describeImpressionStoreContract } from "./impression-store-contract.ts";
export {
  createStaticFeatureSource,
  type StaticFeatureSource,
  type StaticFeatures,
} from "./static-feature-source.ts";
