import { runService } from "@nova/kit";
import { service } from "./index.ts";

await runService(service);
