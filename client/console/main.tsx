import { render } from 'preact';
import { getLocale } from '../shared/i18n';
import { App } from './App';
import './console.css';

document.documentElement.lang = getLocale();
render(<App />, document.getElementById('app') as HTMLElement);
