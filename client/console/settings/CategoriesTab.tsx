/** Settings → categories: the ticket categories editor, loaded here and reloaded after a save. */
import { useEffect, useState } from 'preact/hooks';
import { api, type TicketCategory } from '../../shared/api';
import { CategoryEditor } from '../CategoryEditor';
import { failed, OutcomeLine, type Outcome } from './parts';

export function CategoriesTab() {
  const [categories, setCategories] = useState<TicketCategory[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    api.categories().then(setCategories, (caught: unknown) => setOutcome(failed(caught)));
  }, []);
  if (!categories) return <OutcomeLine outcome={outcome} />;
  return <CategoryEditor categories={categories} onSaved={setCategories} />;
}
