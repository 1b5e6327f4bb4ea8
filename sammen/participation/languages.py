"""The languages residents write inputs in, each named in itself."""

# Languages an input may be written in, named in themselves. The UI languages first.
LANGUAGE_NAMES: dict[str, str] = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "da": "Dansk",
    "en": "English",
    "sv": "Svenska",
    "se": "Davvisámegiella",
    "pl": "Polski",
    "lt": "Lietuvių",
    "uk": "Українська",
    "ru": "Русский",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "ar": "العربية",
    "fa": "فارسی",
    "ur": "اردو",
    "tr": "Türkçe",
    "de": "Deutsch",
    "es": "Español",
    "fr": "Français",
    "th": "ไทย",
}
