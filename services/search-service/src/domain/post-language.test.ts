import { describe, expect, test } from "bun:test";
import { configOfLanguage, guessConfig, languageOfConfig } from "./post-language.ts";

describe("post language", () => {
  test("guesses clear texts by their function words or script", () => {
    expect(guessConfig("The garden is full of tomatoes and it is spring")).toBe("english");
    expect(guessConfig("Der Garten ist voll und ich bin nicht müde")).toBe("german");
    expect(guessConfig("Le jardin est plein de fleurs pour nous")).toBe("french");
    expect(guessConfig("El jardín es muy bonito para los niños")).toBe("spanish");
    expect(guessConfig("Сад полон цветов весной")).toBe("russian");
  });

  test("says nothing when the text does not say clearly", () => {
    expect(guessConfig("Quantum gardening tips #zeroday")).toBeUndefined();
    expect(guessConfig("")).toBeUndefined();
    expect(guessConfig("de")).toBeUndefined();
  });

  test("maps BCP 47 tags to configurations and back", () => {
    expect(configOfLanguage("de-AT")).toBe("german");
    expect(configOfLanguage("pt_BR")).toBe("portuguese");
    expect(configOfLanguage("ja")).toBeUndefined();
    expect(languageOfConfig("german")).toBe("de");
  });
});
