import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        // Steppe-sky blue and wheat gold, with contrast ≥ 4.5:1 on white for text shades.
        brand: { 50: "#eef6fb", 100: "#d5e9f5", 600: "#0b5f8a", 700: "#084a6c", 800: "#06374f" },
        gold: { 400: "#f2c14e", 500: "#d9a21b" },
      },
    },
  },
  plugins: [],
} satisfies Config;
