// Renderer entry: picks the transport, builds the store, follows backend events, renders the app.
// Layer: renderer.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/client';
import { App } from './App';
import { connectEvents, createAppStore, StoreContext } from './store';
import './ui/styles.css';

const store = createAppStore(createApi());
connectEvents(store);
store
  .getState()
  .loadApp()
  .catch((error: unknown) =>
    store.getState().showNotice('error', error instanceof Error ? error.message : String(error)),
  );

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
