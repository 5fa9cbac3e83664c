import { mount } from 'svelte';

import App from './App.svelte';
import './app.css';
import { applyTheme, loadTheme } from './lib/settings/theme';
import { APP_MOUNTED, markFirstLibraryPaint } from './lib/startup';

// Before the first paint, so the window never flashes the other palette.
applyTheme(loadTheme());

const target = document.getElementById('app');
if (!target) {
  throw new Error('Briefdesk: #app element missing from index.html');
}

const libraryPainted = markFirstLibraryPaint();
mount(App, { target, props: { libraryPainted } });
performance.mark(APP_MOUNTED);
