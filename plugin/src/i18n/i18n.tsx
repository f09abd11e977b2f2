import { createContext, useContext, type ReactNode } from "react";
import { strings, type StringKey } from "./strings.js";

export type Lang = "sv" | "en";

/** Swedish unless the Teams or browser locale says another language (then English). */
export function langOf(locale: string | null | undefined): Lang {
  if (!locale) return "sv";
  return locale.toLowerCase().startsWith("sv") ? "sv" : "en";
}

export type Translate = (key: StringKey, vars?: Readonly<Record<string, string | number>>) => string;

export function translator(lang: Lang): Translate {
  return (key, vars = {}) => strings[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

const LangContext = createContext<{ lang: Lang; t: Translate; setLang: (lang: Lang) => void }>({
  lang: "sv",
  t: translator("sv"),
  setLang: () => undefined,
});

export function I18nProvider({ lang, setLang, children }: { lang: Lang; setLang: (lang: Lang) => void; children: ReactNode }) {
  return <LangContext.Provider value={{ lang, t: translator(lang), setLang }}>{children}</LangContext.Provider>;
}

export const useI18n = () => useContext(LangContext);
